package dev.campaigns.orchestrator.status.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

import dev.campaigns.orchestrator.campaign.CampaignSettingsReader;
import dev.campaigns.orchestrator.compliance.CallingHourFloor;
import dev.campaigns.orchestrator.compliance.CallingHourFloors;
import dev.campaigns.orchestrator.provider.CallStatus;
import dev.campaigns.orchestrator.provider.OutboundCalls;
import dev.campaigns.orchestrator.provider.StatusResult;
import dev.campaigns.orchestrator.schedule.CallingWindow;
import dev.campaigns.orchestrator.status.PollPlan;
import dev.campaigns.orchestrator.status.PollSettings;
import dev.campaigns.orchestrator.status.RetryDecision;
import dev.campaigns.orchestrator.status.StatusPoller;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * The poller over PostgreSQL: claims due polls nearest to their retention deadline, reads
 * their statuses in parallel under a shared rate limit, records every change, and decides
 * each finished recipient's next step.
 */
public class PostgresStatusPoller implements StatusPoller {

	private static final Logger log = LoggerFactory.getLogger(PostgresStatusPoller.class);

	static final String BUCKET = "status";

	/** How often running campaigns are checked for having nothing left, whoever finished their last recipient. */
	static final Duration COMPLETION_SWEEP = Duration.ofSeconds(10);

	private final StatusStore store;

	private final StatusRateLimit rateLimit;

	private final OutboundCalls calls;

	private final CampaignSettingsReader settingsReader;

	private final PollSettings settings;

	private final PollPlan plan;

	private final Duration retention;

	private final ExecutorService requests;

	private final MeterRegistry meters;

	private final String replica;

	private final TransactionTemplate transactions;

	private volatile @Nullable Instant nextSweep;

	public PostgresStatusPoller(StatusStore store, StatusRateLimit rateLimit, OutboundCalls calls,
			CampaignSettingsReader settingsReader, PollSettings settings, Duration retention, ExecutorService requests,
			MeterRegistry meters, String replica, TransactionTemplate transactions) {
		this.store = store;
		this.rateLimit = rateLimit;
		this.calls = calls;
		this.settingsReader = settingsReader;
		this.settings = settings;
		this.plan = new PollPlan(settings, retention);
		this.retention = retention;
		this.requests = requests;
		this.meters = meters;
		this.replica = replica;
		this.transactions = transactions;
	}

	@Override
	public PollRound pollDue(Instant now) {
		completeFinishedCampaigns(now);
		var take = rateLimit.take(settings.batchSize(), now);
		int tokens = take.granted();
		if (tokens == 0) {
			return PollRound.NOTHING;
		}
		List<StatusStore.Due> due = store.claim(tokens, replica, now, now.plus(settings.lease()),
				now.minus(Duration.between(now, plan.first(now))));
		rateLimit.giveBack(take, tokens - due.size(), now);
		if (due.isEmpty()) {
			return PollRound.NOTHING;
		}
		List<CompletableFuture<StatusResult>> answers = new ArrayList<>(due.size());
		for (StatusStore.Due call : due) {
			answers.add(CompletableFuture.supplyAsync(() -> calls.status(call.callSid()), requests));
		}
		int finished = 0;
		int expired = 0;
		Set<UUID> touched = new HashSet<>();
		for (int i = 0; i < due.size(); i++) {
			StatusStore.Due call = due.get(i);
			StatusResult result = answers.get(i).join();
			meters.counter("orchestrator.status.polls").increment();
			if (result instanceof StatusResult.Observed observed) {
				if (observed.status().isFinal()) {
					finish(call, observed.status(), observed.rawStatus(), now, touched);
					finished++;
				}
				else {
					Instant since = observed.rawStatus().equals(call.rawStatus()) && call.statusSince() != null
							? call.statusSince() : now;
					Instant deadline = now.plus(retention);
					store.observed(call, observed.status().name(), observed.rawStatus(), now,
							plan.next(observed.status(), since, now, deadline), deadline);
				}
			}
			else if (result instanceof StatusResult.NotFound) {
				if (now.isBefore(call.retentionDeadline())) {
					store.pollAgain(call, now, plan.notVisible(now));
				}
				else {
					// the provider forgot the call before we saw its end; the number is not logged
					log.warn("Call {} expired at the provider before its final status was seen", call.callSid());
					meters.counter("orchestrator.status.expired").increment();
					finish(call, CallStatus.STATUS_EXPIRED, null, now, touched);
					expired++;
				}
			}
			else if (result instanceof StatusResult.Throttled throttled) {
				rateLimit.throttle(throttled.retryAfter(), now);
				store.pollAgain(call, now, now.plus(throttled.retryAfter()));
			}
			else {
				if (result instanceof StatusResult.ConfigurationRejected rejected) {
					log.error("The provider rejected our status request for {}: {}", call.callSid(), rejected.reason());
				}
				store.pollAgain(call, now, plan.notVisible(now));
			}
		}
		for (UUID campaign : touched) {
			store.completeIfFinished(campaign, now);
		}
		return new PollRound(due.size(), finished, expired);
	}

	/**
	 * Completes running campaigns with nothing pending, dialling or in a call. A finished call
	 * completes its campaign at once (below), but a campaign's last recipients may end without a
	 * call to poll (lost triggers, a dead replica's leases taken over, provider rejections), or the
	 * completion after the last call may have failed; this sweep completes those too.
	 */
	private void completeFinishedCampaigns(Instant now) {
		Instant due = nextSweep;
		if (due != null && now.isBefore(due)) {
			return;
		}
		nextSweep = now.plus(COMPLETION_SWEEP);
		for (UUID campaign : store.runningWithNothingLeft()) {
			store.completeIfFinished(campaign, now);
		}
	}

	/**
	 * Ends the attempt and decides the recipient's next step in one transaction: apart, a crash or
	 * a database restart between the two left the attempt final and its recipient in a call
	 * forever (never polled again, so its campaign never completed).
	 */
	private void finish(StatusStore.Due call, CallStatus status, String raw, Instant now, Set<UUID> touched) {
		transactions.executeWithoutResult(tx -> finishAndDecide(call, status, raw, now, touched));
	}

	private void finishAndDecide(StatusStore.Due call, CallStatus status, String raw, Instant now,
			Set<UUID> touched) {
		StatusStore.Finished finished = store.finish(call, status.name(), raw, now);
		if (finished == null) {
			return; // another replica finished it after a lease takeover
		}
		touched.add(finished.campaignId());
		meters.counter("orchestrator.status.captured", "status", status.name()).increment();
		DistributionSummary.builder("orchestrator.status.polls.per.call")
			.register(meters)
			.record(finished.pollCount());
		if (status != CallStatus.STATUS_EXPIRED) {
			// the call ended after the previous poll: an upper bound of the delay from end to capture
			Instant previous = call.lastPolledAt() != null ? call.lastPolledAt() : finished.triggeredAt();
			Timer.builder("orchestrator.status.capture.delay")
				.register(meters)
				.record(Duration.between(previous, now));
		}
		List<ZoneId> zones = finished.zones().stream().map(ZoneId::of).toList();
		List<CallingHourFloor> floors = CallingHourFloors.forE164(finished.phoneNumber());
		List<CallingWindow> windows = new ArrayList<>();
		windows.add(settingsReader.window(finished.callingWindow()));
		windows.addAll(CallingHourFloors.windows(floors));
		Integer cap = floors.stream()
			.map(CallingHourFloor::maxAttemptsPer24Hours)
			.filter(java.util.Objects::nonNull)
			.min(Integer::compare)
			.orElse(null);
		List<Instant> recent = cap == null ? List.of()
				: store.attemptsOfNumber(finished.tenant(), finished.phoneNumber(), now.minus(Duration.ofHours(24)));
		boolean campaignGoesOn = "RUNNING".equals(finished.campaignStatus())
				|| "PAUSED".equals(finished.campaignStatus()) || "SCHEDULED".equals(finished.campaignStatus());
		RetryDecision decision = RetryDecision.after(status, finished.attempts(),
				settingsReader.retryPolicy(finished.retryPolicy()), windows, zones, now, finished.notBefore(),
				finished.deadline(), cap, recent);
		if (decision instanceof RetryDecision.Again again && campaignGoesOn) {
			store.recipientAgain(finished.recipientId(), RetryDecision.outcome(status).name(), again.at(), now);
		}
		else if (decision instanceof RetryDecision.Done done) {
			store.recipientDone(finished.recipientId(), done.outcome().name(), done.reason(), now);
		}
		else {
			store.recipientDone(finished.recipientId(), RetryDecision.outcome(status).name(),
					"the campaign is " + finished.campaignStatus().toLowerCase(java.util.Locale.ROOT), now);
		}
	}

}
