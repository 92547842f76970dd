package dev.campaigns.orchestrator.status.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import dev.campaigns.orchestrator.campaign.CampaignSettingsReader;
import dev.campaigns.orchestrator.connection.CallLines;
import dev.campaigns.orchestrator.provider.CallStatus;
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
 * their statuses in parallel, each through the provider connection it was placed on and under
 * that connection's status budget ({@link StatusBudgets}), records every change, and decides
 * each finished recipient's next step. Every call ends by its retention deadline, whatever
 * the provider answers ({@link StatusOutcome}); one call's answer that cannot be recorded is
 * left for a later round and never costs the others theirs; no answer is waited for longer
 * than the provider's own deadlines allow.
 */
public class PostgresStatusPoller implements StatusPoller {

	private static final Logger log = LoggerFactory.getLogger(PostgresStatusPoller.class);

	/** How soon a round comes back while every request thread is busy. */
	private static final Duration ANSWER_CHECK = Duration.ofMillis(20);

	/** How often running campaigns are checked for having nothing left, whoever finished their last recipient. */
	static final Duration COMPLETION_SWEEP = Duration.ofSeconds(10);

	private final StatusStore store;

	private final CompletionStore completions;

	private final StatusReads reads;

	private final PollSettings settings;

	private final PollPlan plan;

	private final ExecutorService requests;

	private final Duration answerWait;

	private final MeterRegistry meters;

	private final EndingCalls endings;

	private final UnmappedStatusReports unmapped;

	private final Clock clock;

	/** Status requests handed to request threads and not yet answered and recorded. */
	private final AtomicInteger inFlight = new AtomicInteger();

	/** What the answers recorded on request threads ended, for the loop's next round to complete. */
	private final Tally async = new Tally();

	private volatile @Nullable Instant nextSweep;

	/**
	 * @param retention how long the provider keeps a call's status after it ends
	 * @param answerWait the longest wait for one call's status answer, past which it counts as
	 * unreadable this round
	 * @param replica this poller's name in {@code call_attempt.lease_owner}
	 */
	public PostgresStatusPoller(StatusStore store, CompletionStore completions, StatusBudgets budgets,
			CallLines lines, NextSteps nextSteps, PollSettings settings, Duration retention,
			ExecutorService requests, Duration answerWait, MeterRegistry meters, String replica,
			TransactionTemplate transactions, UnmappedStatusReports unmapped, Clock clock) {
		this.store = store;
		this.completions = completions;
		this.settings = settings;
		this.plan = new PollPlan(settings, retention);
		this.reads = new StatusReads(store, budgets, lines, plan, settings.lease(), replica, meters);
		this.requests = requests;
		this.answerWait = answerWait;
		this.meters = meters;
		this.endings = new EndingCalls(store, nextSteps, meters, transactions);
		this.unmapped = unmapped;
		this.clock = clock;
	}

	@Override
	public PollRound pollDue(Instant now) {
		completeFinishedCampaigns(now);
		List<StatusStore.Due> due = reads.claim(settings.batchSize(), now);
		if (due.isEmpty()) {
			return PollRound.NOTHING;
		}
		List<CompletableFuture<StatusResult>> answers = new ArrayList<>(due.size());
		for (StatusStore.Due call : due) {
			answers.add(CompletableFuture.supplyAsync(() -> reads.read(call, now), requests));
		}
		Tally tally = new Tally();
		for (int i = 0; i < due.size(); i++) {
			recordSafely(due.get(i), awaitAnswer(answers.get(i)), now, tally);
		}
		completeTouched(tally, now);
		return new PollRound(due.size(), tally.finished.get(), tally.expired.get());
	}

	/**
	 * {@inheritDoc} Claims no more than there are request threads free, and waits for no answer:
	 * each call's answer is recorded on its request thread when it comes, at the instant it
	 * comes, so a slow answer holds only its own call and thread, never the round nor another
	 * call's poll. Every exchange ends by {@link StatusReads#LAST_ANSWER} after the call's
	 * retention deadline, so a call ends by then, whatever the provider does.
	 */
	@Override
	public Duration pollNext(Instant now) {
		completeFinishedCampaigns(now);
		completeTouched(async, now);
		int room = settings.threads() - inFlight.get();
		if (room <= 0) {
			return ANSWER_CHECK;
		}
		List<StatusStore.Due> due = reads.claim(Math.min(settings.batchSize(), room), now);
		if (due.isEmpty()) {
			return settings.interval();
		}
		for (StatusStore.Due call : due) {
			inFlight.incrementAndGet();
			try {
				requests.execute(() -> {
					try {
						StatusResult answer = reads.read(call, now);
						recordSafely(call, answer, clock.instant(), async);
					}
					finally {
						inFlight.decrementAndGet();
					}
				});
			}
			catch (RejectedExecutionException ex) {
				// shutting down: the call's lease lets a poller take it once it ends
				inFlight.decrementAndGet();
			}
		}
		return Duration.ZERO;
	}

	@Override
	public void awaitInFlight(Duration max) {
		long deadline = System.nanoTime() + max.toNanos();
		while (inFlight.get() > 0 && System.nanoTime() < deadline) {
			LockSupport.parkNanos(ANSWER_CHECK.toNanos());
		}
		completeTouched(async, clock.instant());
	}

	/** Records one answer; one that cannot be recorded is polled again once its lease ends, never costing the others. */
	private void recordSafely(StatusStore.Due call, StatusResult answer, Instant at, Tally tally) {
		meters.counter("orchestrator.status.polls").increment();
		try {
			heed(call, answer, at);
			record(call, answer, StatusOutcome.of(call, answer, at, plan), at, tally);
		}
		catch (RuntimeException ex) {
			// its lease keeps it from being polled again before the lease ends; the next claim after takes it
			log.warn("The status of call {} could not be recorded ({}); it is polled again once its lease ends",
					call.callSid(), failure(ex));
			meters.counter("orchestrator.status.record.failures").increment();
		}
	}

	/** Completes the campaigns whose calls ended, once each, if nothing is left in them. */
	private void completeTouched(Tally tally, Instant now) {
		for (UUID campaign : tally.drainTouched()) {
			try {
				completions.completeIfFinished(campaign, now);
			}
			catch (RuntimeException ex) {
				// the completion sweep completes it later
				log.warn("Could not complete campaign {} after its last call ({})", campaign, failure(ex));
			}
		}
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

	/**
	 * What an answer says of the provider rather than of the call: a 429 slows every poller's
	 * status requests on the call's connection down, and no other connection's.
	 */
	private void heed(StatusStore.Due call, StatusResult answer, Instant now) {
		if (answer instanceof StatusResult.Throttled throttled) {
			reads.throttled(call, throttled.retryAfter(), now);
		}
		else if (answer instanceof StatusResult.ConfigurationRejected rejected) {
			log.error("The provider rejected our status request for {}: {}", call.callSid(), rejected.reason());
		}
	}

	private void record(StatusStore.Due call, StatusResult answer, StatusOutcome outcome, Instant now, Tally tally) {
		StatusResult.Observed observed = answer instanceof StatusResult.Observed seen ? seen : null;
		if (outcome instanceof StatusOutcome.Final ended) {
			if (end(call, ended.status(), ended.rawStatus(), null, observed, now, tally)) {
				tally.finished.incrementAndGet();
			}
		}
		else if (outcome instanceof StatusOutcome.Expired expired) {
			if (end(call, CallStatus.STATUS_EXPIRED, expired.rawStatus(), expired.error(), observed, now, tally)) {
				// the number is not logged
				log.warn("Call {} reached its retention deadline without a final status ({}): it ended"
						+ " STATUS_EXPIRED", call.callSid(), expired.reason().tag());
				meters.counter("orchestrator.status.expired", "reason", expired.reason().tag()).increment();
				tally.expired.incrementAndGet();
			}
		}
		else if (outcome instanceof StatusOutcome.Live live) {
			// a live outcome is always a status seen
			unmapped.reportIfStale(call, live, now);
			store.observed(call, live.status().name(), live.rawStatus(), live.statusSince(), now, live.nextPoll(),
					live.retentionDeadline(), (StatusResult.Observed) answer);
		}
		else if (outcome instanceof StatusOutcome.PollAgain again) {
			store.pollAgain(call, now, again.nextPoll(), again.error());
		}
	}

	private boolean end(StatusStore.Due call, CallStatus status, @Nullable String raw, @Nullable String error,
			StatusResult.@Nullable Observed answer, Instant now, Tally tally) {
		UUID campaign = endings.end(call, status, raw, error, answer, now);
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
		for (UUID campaign : completions.runningWithNothingLeft(now)) {
			completions.completeIfFinished(campaign, now);
		}
	}

	/** What rounds ended, and the campaigns whose calls they ended; safe across request threads. */
	private static final class Tally {

		private final Set<UUID> touched = ConcurrentHashMap.newKeySet();

		private final AtomicInteger finished = new AtomicInteger();

		private final AtomicInteger expired = new AtomicInteger();

		/** The campaigns touched since the last drain. */
		List<UUID> drainTouched() {
			List<UUID> drained = new ArrayList<>();
			for (UUID campaign : touched) {
				if (touched.remove(campaign)) {
					drained.add(campaign);
				}
			}
			return drained;
		}

	}

}
