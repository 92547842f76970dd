package dev.campaigns.orchestrator.status.internal;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import dev.campaigns.orchestrator.campaign.Detection;
import dev.campaigns.orchestrator.compliance.Suppressions;
import dev.campaigns.orchestrator.status.AgentReport;
import dev.campaigns.orchestrator.status.RetryDecisions;
import dev.campaigns.orchestrator.status.internal.ReportedOutcome.Verdict;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Takes the agent's outcome reports ({@code POST /api/v1/calls/{callSid}/outcome}), before or
 * after the call's final status is polled. The same report again changes nothing; another one
 * replaces the stored report only with a higher sequence. A number reported
 * {@link Detection#NOT_IN_SERVICE} joins the tenant's do-not-call list in the same
 * transaction; when a later report of the same call says otherwise, the entry this call added
 * (and only that: not an admin's) is lifted. A report stored after the poller decided the
 * recipient's next step has it decided again ({@link RetryDecisions#reconsider}).
 */
@Service
public class OutcomeReports {

	private static final Logger log = LoggerFactory.getLogger(OutcomeReports.class);

	private static final String ANONYMISED = "anonymised-";

	private final OutcomeStore store;

	private final Suppressions suppressions;

	private final Clock clock;

	private final MeterRegistry meters;

	private final RetryDecisions decisions;

	OutcomeReports(OutcomeStore store, Suppressions suppressions, Clock clock, MeterRegistry meters,
			RetryDecisions decisions) {
		this.store = store;
		this.suppressions = suppressions;
		this.clock = clock;
		this.meters = meters;
		this.decisions = decisions;
	}

	/** What became of a report, and the report the call holds after it. */
	public record Answer(Verdict verdict, AgentReport report) {
	}

	/** The suppression reason of a number reported not in service on a call. */
	public static String suppressionReason(String callSid) {
		return "NOT_IN_SERVICE: reported by the agent on call " + callSid;
	}

	/** Takes a report of the tenant's call; empty when the tenant has no call with this id. */
	@Transactional
	public Optional<Answer> report(String tenant, String callSid, ReportedOutcome outcome) {
		return store.lock(tenant, callSid).map(call -> {
			Verdict verdict = outcome.against(call.report(), call.fingerprint());
			if (verdict != Verdict.STORED) {
				return new Answer(verdict, call.report());
			}
			AgentReport stored = store.write(call.attemptId(), outcome,
					clock.instant().truncatedTo(ChronoUnit.MICROS));
			suppress(tenant, callSid, call, outcome.detection());
			// a report after the call ended: its recipient's next step is decided again, as if it had come first
			decisions.reconsider(call.attemptId());
			meters.counter("orchestrator.calls.outcome.reported", "detection", outcome.detection().name()).increment();
			return new Answer(verdict, stored);
		});
	}

	private void suppress(String tenant, String callSid, OutcomeStore.ReportedCall call, Detection detection) {
		if (call.phoneNumber().startsWith(ANONYMISED)) {
			return;
		}
		String reason = suppressionReason(callSid);
		if (detection == Detection.NOT_IN_SERVICE) {
			if (suppressions.add(tenant, call.phoneNumber(), reason)) {
				log.info("Call {} was reported not in service: its number joined tenant {}'s do-not-call list",
						callSid, tenant);
			}
		}
		else if (call.report() != null && call.report().detection() == Detection.NOT_IN_SERVICE
				&& suppressions.removeIfReason(tenant, call.phoneNumber(), reason)) {
			log.info("Call {} is no longer reported not in service: the do-not-call entry it added is lifted",
					callSid);
		}
	}

}
