package dev.campaigns.orchestrator;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RoundLoopTests {

	@Test
	void failingRoundsBackOffDoublingUpToFiveSeconds() {
		Duration first = Duration.ofMillis(25);

		assertThat(RoundLoop.afterFailures(first, 1)).isEqualTo(Duration.ofMillis(25));
		assertThat(RoundLoop.afterFailures(first, 2)).isEqualTo(Duration.ofMillis(50));
		assertThat(RoundLoop.afterFailures(first, 4)).isEqualTo(Duration.ofMillis(200));
		assertThat(RoundLoop.afterFailures(first, 9)).isEqualTo(Duration.ofSeconds(5));
		assertThat(RoundLoop.afterFailures(first, 1_000)).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void aStoppedLoopRunsNoRoundAfterTheSignalAndFinishesItsWork() {
		AtomicInteger rounds = new AtomicInteger();
		AtomicInteger finished = new AtomicInteger();
		RoundLoop loop = new RoundLoop("test-loop", Duration.ofMillis(1), Duration.ofSeconds(5), 0, Clock.systemUTC(),
				now -> {
					rounds.incrementAndGet();
					return Duration.ofMillis(1);
				}) {
			@Override
			protected void afterLastRound() {
				finished.incrementAndGet();
			}
		};

		loop.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> rounds.get() >= 3);
		loop.stop();
		int afterStop = rounds.get();

		// stop() waited for the round in flight: none after it (rounds run every millisecond)
		await().during(Duration.ofMillis(50)).atMost(Duration.ofSeconds(1)).until(() -> rounds.get() == afterStop);
		assertThat(finished.get()).isEqualTo(1);
		assertThat(loop.isRunning()).isFalse();
	}

}
