package dev.campaigns.orchestrator;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
	void aStoppedLoopRunsNoRoundAfterTheSignalAndFinishesItsWork() throws InterruptedException {
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
		while (rounds.get() < 3) {
			Thread.sleep(1);
		}
		loop.stop();
		int afterStop = rounds.get();
		Thread.sleep(20);

		assertThat(rounds.get()).isEqualTo(afterStop);
		assertThat(finished.get()).isEqualTo(1);
		assertThat(loop.isRunning()).isFalse();
	}

}
