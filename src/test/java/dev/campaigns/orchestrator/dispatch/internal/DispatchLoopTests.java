package dev.campaigns.orchestrator.dispatch.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import dev.campaigns.orchestrator.campaign.CampaignId;
import dev.campaigns.orchestrator.campaign.RecipientsDue;
import dev.campaigns.orchestrator.dispatch.DispatchSettings;
import dev.campaigns.orchestrator.dispatch.Dispatcher;
import org.junit.jupiter.api.Test;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DispatchLoopTests {

	private static final DispatchSettings SETTINGS = new DispatchSettings(true, 10, 0, 1000, 4,
			Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMinutes(1));

	private final AtomicInteger rounds = new AtomicInteger();

	private final AtomicInteger awaited = new AtomicInteger();

	private final AtomicInteger expected = new AtomicInteger();

	/** The pause each round asks for. */
	private volatile Duration pause = Duration.ofMillis(1);

	private final Dispatcher dispatcher = new Dispatcher() {

		@Override
		public DispatchRound dispatchDue(Instant now) {
			throw new UnsupportedOperationException();
		}

		@Override
		public DispatchRound dispatchNext(Instant now) {
			rounds.incrementAndGet();
			return new DispatchRound(1, 0, 0, 0, 0, pause);
		}

		@Override
		public void expectNewWork() {
			expected.incrementAndGet();
		}

		@Override
		public void awaitInFlight(Duration max) {
			awaited.incrementAndGet();
		}

	};

	@Test
	void theContextClosingStopsTheRoundsAtOnceWhileTheLifecycleStopStillWaitsForTheWorkInFlight() {
		GenericApplicationContext context = new GenericApplicationContext();
		DispatchLoop loop = new DispatchLoop(dispatcher, SETTINGS, Clock.systemUTC(), context);
		loop.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> rounds.get() >= 3);

		loop.contextClosing(new ContextClosedEvent(context));
		int atEvent = rounds.get();

		// at most the round in flight at the event, and none after it (rounds run every millisecond)
		await().during(Duration.ofMillis(150)).atMost(Duration.ofSeconds(2)).until(() -> rounds.get() <= atEvent + 1);
		// still running for the lifecycle: its stop (in its phase) waits for the triggers in flight
		assertThat(loop.isRunning()).isTrue();
		loop.stop();
		assertThat(awaited.get()).isEqualTo(1);
		assertThat(loop.isRunning()).isFalse();
	}

	@Test
	void recipientsFallingDueOnThisReplicaEndTheLoopsPauseAndItsStopDoesNotWaitForItToRunOut() {
		pause = Duration.ofMinutes(10);
		GenericApplicationContext context = new GenericApplicationContext();
		DispatchLoop loop = new DispatchLoop(dispatcher, SETTINGS, Clock.systemUTC(), context);
		loop.start();
		try {
			await().atMost(Duration.ofSeconds(5)).until(() -> rounds.get() == 1);

			loop.recipientsDue(new RecipientsDue(CampaignId.random()));

			// the round it asked for 10 minutes later comes at once, and the dispatcher was told to claim
			await().atMost(Duration.ofSeconds(5)).until(() -> rounds.get() == 2);
			assertThat(expected.get()).isEqualTo(1);
		}
		finally {
			long stopping = System.nanoTime();
			loop.stop();
			assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(5));
		}
		assertThat(awaited.get()).isEqualTo(1);
		assertThat(rounds.get()).isEqualTo(2);
	}

	@Test
	void anotherContextClosingStopsNothing() {
		GenericApplicationContext context = new GenericApplicationContext();
		GenericApplicationContext management = new GenericApplicationContext(context);
		DispatchLoop loop = new DispatchLoop(dispatcher, SETTINGS, Clock.systemUTC(), context);
		loop.start();
		try {
			loop.contextClosing(new ContextClosedEvent(management));
			int afterEvent = rounds.get();

			await().atMost(Duration.ofSeconds(5)).until(() -> rounds.get() > afterEvent + 3);
			assertThat(awaited.get()).isZero();
		}
		finally {
			loop.stop();
		}
	}

}
