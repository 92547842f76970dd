package dev.campaigns.orchestrator.dispatch.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.campaigns.orchestrator.campaign.CampaignId;
import dev.campaigns.orchestrator.campaign.CampaignLifecycle;
import dev.campaigns.orchestrator.campaign.LifecycleAction;
import dev.campaigns.orchestrator.dispatch.DispatchSettings;
import dev.campaigns.orchestrator.provider.ProviderSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records the triggers' answers in batches, off the loop's thread: the calls placed in one
 * statement, the recipients put back in another, the rest one by one (rare). A batch that
 * fails is recorded again answer by answer, so one answer that cannot be recorded never holds
 * up the others: a call id the provider already answered for another attempt closes its
 * recipient as unknown (the call may have been placed: never redialled), counted in
 * {@code orchestrator.dispatch.trigger.repeated-call-id}. Answers whose recording fails for
 * another reason (the database gone) are kept and tried again a second later; should that
 * outlast the lease, the recipients are taken over as unknown, never redialled.
 */
class AnswerRecorder implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(AnswerRecorder.class);

	/**
	 * How long the recorder waits after the first answer for more, so that several share a
	 * statement. Nothing waits for the recording: a call's first poll is planned from its
	 * trigger's instant.
	 */
	static final Duration BATCHING = Duration.ofMillis(200);

	private final AttemptStore attempts;

	private final CampaignLifecycle lifecycle;

	private final ProviderBackoff backoff;

	private final DispatchSettings settings;

	private final ProviderSettings provider;

	private final MeterRegistry meters;

	private final TransactionTemplate transactions;

	private final Queue<Trigger.Answer> answered = new ConcurrentLinkedQueue<>();

	private final ScheduledExecutorService recorder = Executors.newSingleThreadScheduledExecutor(task -> {
		Thread thread = new Thread(task, "dispatch-recorder");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicBoolean due = new AtomicBoolean();

	AnswerRecorder(AttemptStore attempts, CampaignLifecycle lifecycle, ProviderBackoff backoff,
			DispatchSettings settings, ProviderSettings provider, MeterRegistry meters, TransactionTemplate transactions) {
		this.attempts = attempts;
		this.lifecycle = lifecycle;
		this.backoff = backoff;
		this.settings = settings;
		this.provider = provider;
		this.meters = meters;
		this.transactions = transactions;
	}

	/** Queues an answer; the recorder records it with the others of its batch. */
	void add(Trigger.Answer answer) {
		answered.add(answer);
		recordIn(BATCHING);
	}

	/** Whether answers wait to be recorded. */
	boolean pending() {
		return !answered.isEmpty();
	}

	private void recordIn(Duration delay) {
		if (due.compareAndSet(false, true)) {
			try {
				recorder.schedule(this::recordQueued, delay.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (RejectedExecutionException ex) {
				// closed: close() records what is left itself
				due.set(false);
			}
		}
	}

	/** Records the queued answers now, on the caller's thread. */
	synchronized void recordQueued() {
		due.set(false);
		List<Trigger.Answer> batch = new ArrayList<>();
		for (Trigger.Answer answer = answered.poll(); answer != null; answer = answered.poll()) {
			batch.add(answer);
		}
		if (batch.isEmpty()) {
			return;
		}
		List<Trigger.Answer> failed = record(batch);
		if (!failed.isEmpty()) {
			answered.addAll(failed);
			recordIn(Duration.ofSeconds(1));
		}
	}

	/** Records a round's answers at once (a synchronous round); answers what it recorded. */
	synchronized Recorded recordNow(List<Trigger.Answer> batch) {
		List<Trigger.Answer> failed = record(batch);
		if (!failed.isEmpty()) {
			answered.addAll(failed);
			recordIn(Duration.ofSeconds(1));
		}
		Recorded recorded = Recorded.NONE;
		for (Trigger.Answer answer : batch) {
			if (!failed.contains(answer)) {
				recorded = recorded.plus(outcome(answer));
			}
		}
		return recorded;
	}

	/** What a batch of answers came to: calls placed, recipients put back, finished, and unknown. */
	record Recorded(int accepted, int putBack, int finished, int unknown) {

		static final Recorded NONE = new Recorded(0, 0, 0, 0);

		Recorded plus(AnswerOutcomes.Outcome outcome) {
			if (outcome instanceof AnswerOutcomes.Placed) {
				return new Recorded(accepted + 1, putBack, finished, unknown);
			}
			if (outcome instanceof AnswerOutcomes.NotPlaced) {
				return new Recorded(accepted, putBack + 1, finished, unknown);
			}
			boolean lost = ((AnswerOutcomes.Finished) outcome).outcome().equals("TRIGGER_UNKNOWN");
			return lost ? new Recorded(accepted, putBack, finished, unknown + 1)
					: new Recorded(accepted, putBack, finished + 1, unknown);
		}

	}

	private AnswerOutcomes.Outcome outcome(Trigger.Answer answer) {
		return AnswerOutcomes.of(answer, backoff.until(answer.trigger().budget(), answer.at()),
				settings.unavailableBackoff());
	}

	/** Records a batch; answers those that could not be recorded and may be tried again. */
	private List<Trigger.Answer> record(List<Trigger.Answer> batch) {
		try {
			recordBatch(batch);
			return List.of();
		}
		catch (RuntimeException ex) {
			if (batch.size() == 1) {
				return recordAlone(batch.get(0), ex);
			}
			log.warn("Recording {} trigger answers together failed; recording them one by one", batch.size(), ex);
			List<Trigger.Answer> failed = new ArrayList<>();
			for (Trigger.Answer answer : batch) {
				try {
					recordBatch(List.of(answer));
				}
				catch (RuntimeException alone) {
					failed.addAll(recordAlone(answer, alone));
				}
			}
			return failed;
		}
	}

	/** One answer that failed on its own: closed with the reason if it can never be recorded, else kept. */
	private List<Trigger.Answer> recordAlone(Trigger.Answer answer, RuntimeException failure) {
		if (failure instanceof DataIntegrityViolationException
				&& AnswerOutcomes.of(answer, answer.at(), settings.unavailableBackoff()) instanceof AnswerOutcomes.Placed placed) {
			log.error("The provider answered call id {} for attempt {}, an id another attempt already has: the"
					+ " recipient is closed as unknown, never redialled", placed.callSid(),
					answer.trigger().recipient().attemptId());
			meters.counter("orchestrator.dispatch.trigger.repeated-call-id").increment();
			attempts.finished(answer.trigger().recipient(), AnswerOutcomes.repeatedCallId(placed.callSid()),
					answer.at());
			return List.of();
		}
		log.warn("Recording the answer to attempt {} failed; trying again in a second",
				answer.trigger().recipient().attemptId(), failure);
		return List.of(answer);
	}

	/** Records a batch in one transaction: all of it, or nothing (so it can be tried again). */
	private void recordBatch(List<Trigger.Answer> batch) {
		transactions.executeWithoutResult(tx -> recordTogether(batch));
	}

	private void recordTogether(List<Trigger.Answer> batch) {
		List<AttemptStore.Accepted> placed = new ArrayList<>();
		List<AttemptStore.PutBack> putBacks = new ArrayList<>();
		Set<UUID> paused = new HashSet<>();
		for (Trigger.Answer answer : batch) {
			Trigger trigger = answer.trigger();
			AnswerOutcomes.Outcome outcome = outcome(answer);
			if (outcome instanceof AnswerOutcomes.Placed ok) {
				placed.add(new AttemptStore.Accepted(trigger.recipient().attemptId(), ok.callSid(), ok.status(),
						ok.rawStatus(), answer.at()));
			}
			else if (outcome instanceof AnswerOutcomes.Finished finished) {
				attempts.finished(trigger.recipient(), finished, answer.at());
				if (finished.outcome().equals("TRIGGER_UNKNOWN")) {
					meters.counter("orchestrator.dispatch.trigger.unknown").increment();
				}
			}
			else if (outcome instanceof AnswerOutcomes.NotPlaced notPlaced) {
				putBacks.add(new AttemptStore.PutBack(trigger.recipient(), notPlaced.nextAt(), notPlaced.reason(),
						notPlaced.detail(), answer.at()));
				if (notPlaced.pauseCampaign() && paused.add(trigger.campaign())) {
					pause(trigger, notPlaced.detail(), paused);
				}
			}
		}
		attempts.notPlaced(putBacks);
		// the status module plans the polls; the first is due at once, and the retention deadline is a safe
		// bound until the call's end is seen
		attempts.accepted(placed, provider.statusRetention());
		meters.counter("orchestrator.dispatch.triggers.accepted").increment(placed.size());
	}

	/**
	 * Pauses the trigger's campaign with the reason; on a stored connection, every other
	 * campaign running on it too (they share its credential and identifiers), and no campaign on
	 * another connection.
	 */
	private void pause(Trigger trigger, String reason, Set<UUID> paused) {
		List<UUID> campaigns = new ArrayList<>(List.of(trigger.campaign()));
		UUID connection = trigger.line().connection();
		if (connection != null) {
			attempts.runningOn(connection).stream().filter(paused::add).forEach(campaigns::add);
		}
		for (UUID campaign : campaigns) {
			log.error("Pausing campaign {} (connection {}): {}", campaign, trigger.line().key(), reason);
			lifecycle.applyForService(new CampaignId(campaign), trigger.tenant(), LifecycleAction.PAUSE,
					"provider configuration rejected" + (connection == null ? "" : " on connection " + connection)
							+ ": " + reason);
		}
	}

	/** Stops the recorder after recording what is left (the loop stopped before). */
	@Override
	public void close() {
		recorder.shutdown();
		try {
			recorder.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		recordQueued();
	}

}
