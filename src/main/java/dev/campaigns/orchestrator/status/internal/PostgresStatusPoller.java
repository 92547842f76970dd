package dev.campaigns.orchestrator.status.internal;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.campaigns.orchestrator.campaign.CampaignSettingsReader;
import dev.campaigns.orchestrator.provider.CallStatus;
import dev.campaigns.orchestrator.provider.OutboundCalls;
import dev.campaigns.orchestrator.provider.StatusResult;
import dev.campaigns.orchestrator.status.PollPlan;
import dev.campaigns.orchestrator.status.PollSettings;
import dev.campaigns.orchestrator.status.StatusPoller;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The poller over PostgreSQL: claims due polls nearest to their retention deadline, reads
 * their statuses in parallel under a shared rate limit, records every change, and decides
 * each finished recipient's next step. Every call ends by its retention deadline, whatever
 * the provider answers ({@link StatusOutcome}); one call's answer that cannot be recorded is
 * left for a later round and never costs the others theirs; no answer is waited for longer
 * than the provider's own deadlines allow.
 */
public class PostgresStatusPoller implements StatusPoller {

	private static final Logger log = LoggerFactory.getLogger(PostgresStatusPoller.class);

	static final String BUCKET = "status";

	/** How often running campaigns are checked for having nothing left, whoever finished their last recipient. */
	static final Duration COMPLETION_SWEEP = Duration.ofSeconds(10);

	private final StatusStore store;

	private final StatusRateLimit rateLimit;

	private final OutboundCalls calls;

	private final PollSettings settings;

	private final PollPlan plan;

	private final ExecutorService requests;

	private final Duration answerWait;

	private final MeterRegistry meters;

	private final String replica;

	private final EndingCalls endings;

	private volatile @Nullable Instant nextSweep;

	/**
	 * @param retention how long the provider keeps a call's status after it ends
	 * @param answerWait the longest wait for one call's status answer, past which it counts as
	 * unreadable this round
	 * @param replica this poller's name in {@code call_attempt.lease_owner}
	 */
	public PostgresStatusPoller(StatusStore store, StatusRateLimit rateLimit, OutboundCalls calls,
			CampaignSettingsReader settingsReader, PollSettings settings, Duration retention, ExecutorService requests,
			Duration answerWait, MeterRegistry meters, String replica, TransactionTemplate transactions) {
		this.store = store;
		this.rateLimit = rateLimit;
		this.calls = calls;
		this.settings = settings;
		this.plan = new PollPlan(settings, retention);
		this.requests = requests;
		this.answerWait = answerWait;
		this.meters = meters;
		this.replica = replica;
		this.endings = new EndingCalls(store, settingsReader, meters, transactions);
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
		Tally tally = new Tally();
		for (int i = 0; i < due.size(); i++) {
			StatusStore.Due call = due.get(i);
			StatusResult answer = awaitAnswer(answers.get(i));
			meters.counter("orchestrator.status.polls").increment();
			try {
				heed(call, answer, now);
				record(call, StatusOutcome.of(call, answer, now, plan), now, tally);
			}
			catch (RuntimeException ex) {
				// its lease keeps it from being polled again before the lease ends; the next claim after takes it
				log.warn("The status of call {} could not be recorded ({}); it is polled again once its lease ends",
						call.callSid(), failure(ex));
				meters.counter("orchestrator.status.record.failures").increment();
			}
		}
		for (UUID campaign : tally.touched) {
			store.completeIfFinished(campaign, now);
		}
		return new PollRound(due.size(), tally.finished, tally.expired);
	}

	/**
	 * One call's answer, waited for at most {@code answerWait}: the adapter bounds every exchange
	 * and its retries, so an answer later than that is a fault, and the round must not wait on it.
	 */
	private StatusResult awaitAnswer(CompletableFuture<StatusResult> answer) {
		try {
			return answer.get(answerWait.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			answer.cancel(true);
			return new StatusResult.Unavailable("no status answer within " + answerWait);
		}
		catch (ExecutionException ex) {
			return new StatusResult.Unavailable("the status request failed: " + ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			answer.cancel(true);
			return new StatusResult.Unavailable("interrupted while waiting for the status answer");
		}
	}

	/** What an answer says of the provider rather than of the call: a 429 slows every poller down. */
	private void heed(StatusStore.Due call, StatusResult answer, Instant now) {
		if (answer instanceof StatusResult.Throttled throttled) {
			rateLimit.throttle(throttled.retryAfter(), now);
		}
		else if (answer instanceof StatusResult.ConfigurationRejected rejected) {
			log.error("The provider rejected our status request for {}: {}", call.callSid(), rejected.reason());
		}
	}

	private void record(StatusStore.Due call, StatusOutcome outcome, Instant now, Tally tally) {
		if (outcome instanceof StatusOutcome.Final ended) {
			if (end(call, ended.status(), ended.rawStatus(), null, now, tally)) {
				tally.finished++;
			}
		}
		else if (outcome instanceof StatusOutcome.Expired expired) {
			if (end(call, CallStatus.STATUS_EXPIRED, expired.rawStatus(), expired.error(), now, tally)) {
				// the number is not logged
				log.warn("Call {} reached its retention deadline without a final status ({}): it ended"
						+ " STATUS_EXPIRED", call.callSid(), expired.reason().tag());
				meters.counter("orchestrator.status.expired", "reason", expired.reason().tag()).increment();
				tally.expired++;
			}
		}
		else if (outcome instanceof StatusOutcome.Live live) {
			store.observed(call, live.status().name(), live.rawStatus(), now, live.nextPoll(),
					live.retentionDeadline());
		}
		else if (outcome instanceof StatusOutcome.PollAgain again) {
			store.pollAgain(call, now, again.nextPoll(), again.error());
		}
	}

	private boolean end(StatusStore.Due call, CallStatus status, @Nullable String raw, @Nullable String error,
			Instant now, Tally tally) {
		UUID campaign = endings.end(call, status, raw, error, now);
		if (campaign == null) {
			return false; // another replica took the call over
		}
		tally.touched.add(campaign);
		return true;
	}

	/**
	 * What failed, without the failure's message: a database's message may quote the row, and
	 * a recipient's row holds the phone number.
	 */
	private static String failure(RuntimeException ex) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
		String state = cause instanceof SQLException sql && sql.getSQLState() != null
				? ", SQL state " + sql.getSQLState() : "";
		return ex.getClass().getSimpleName() + (cause != ex ? " caused by " + cause.getClass().getSimpleName() : "")
				+ state;
	}

	/**
	 * Completes running campaigns with nothing pending, dialling or in a call. A finished call
	 * completes its campaign at once (above), but a campaign's last recipients may end without a
	 * call to poll (lost triggers, a dead replica's leases taken over, provider rejections), or the
	 * completion after the last call may have failed; this sweep completes those too, and
	 * {@code AT_END} campaigns once their end has passed, with or without a last call.
	 */
	private void completeFinishedCampaigns(Instant now) {
		Instant due = nextSweep;
		if (due != null && now.isBefore(due)) {
			return;
		}
		nextSweep = now.plus(COMPLETION_SWEEP);
		for (UUID campaign : store.runningWithNothingLeft(now)) {
			store.completeIfFinished(campaign, now);
		}
	}

	/** What one round ended, and the campaigns whose calls it ended. */
	private static final class Tally {

		private final Set<UUID> touched = new HashSet<>();

		private int finished;

		private int expired;

	}

}
