package dev.campaigns.orchestrator.status;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import dev.campaigns.orchestrator.dispatch.Dispatcher;
import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.Http;
import dev.campaigns.testsupport.MutableClock;
import org.awaitility.Awaitility;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The whole flow on a clock the test moves: ingest, dispatcher, poller and the in-process
 * sandbox all read it, so minutes of calls take seconds and nothing sleeps.
 */
final class SimulatedTime {

	/** A Monday morning in London, inside the default calling window. */
	static final Instant START = Instant.parse("2030-01-07T09:30:00Z");

	private SimulatedTime() {
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Config {

		@Bean
		@Primary
		MutableClock simulatedClock() {
			return new MutableClock(START);
		}

	}

	/**
	 * Steps the clock by {@code step}, running dispatch and polling rounds until each has
	 * nothing left to do at that instant, until {@code done} or {@code limit}.
	 *
	 * @param pollerDown instants at which the poller is not running (an outage)
	 */
	static Instant run(MutableClock clock, Dispatcher dispatcher, StatusPoller poller, Duration step, Duration limit,
			Predicate<Instant> pollerDown, BooleanSupplier done) {
		return run(clock, dispatcher, poller, step, limit, pollerDown, () -> {
		}, done);
	}

	/**
	 * As {@link #run(MutableClock, Dispatcher, StatusPoller, Duration, Duration, Predicate, BooleanSupplier)},
	 * with {@code settle} run after each step of the clock, before any round: to let work that
	 * follows the clock on its own threads (the sandbox's agent) catch up with it.
	 */
	static Instant run(MutableClock clock, Dispatcher dispatcher, StatusPoller poller, Duration step, Duration limit,
			Predicate<Instant> pollerDown, Runnable settle, BooleanSupplier done) {
		Instant end = clock.instant().plus(limit);
		while (clock.instant().isBefore(end) && !done.getAsBoolean()) {
			clock.advance(step);
			settle.run();
			Instant now = clock.instant();
			while (dispatcher.dispatchDue(now).didWork()) {
				// until this instant's budget or work is used up
			}
			if (!pollerDown.test(now)) {
				while (poller.pollDue(now).didWork()) {
					// until nothing more is due at this instant
				}
			}
		}
		return clock.instant();
	}

	/**
	 * A {@code settle} step for {@link #run}: waits, at most {@code atMost}, until the sandbox
	 * served at {@code sandbox} has posted every agent report due by now on the simulated clock
	 * ({@code GET _agent}'s {@code outstanding}), so reports land at the simulated instant they
	 * are due, not some steps later.
	 */
	static Runnable agentCaughtUp(String sandbox, Duration atMost) {
		return () -> Awaitility.await("the sandbox's agent catches up with the simulated clock")
			.atMost(atMost)
			.pollInterval(Duration.ofMillis(1))
			.until(() -> Api.json(Http.get(sandbox + "/_agent")).get("outstanding").asInt() == 0);
	}

}
