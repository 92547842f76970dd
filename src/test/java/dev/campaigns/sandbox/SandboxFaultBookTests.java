package dev.campaigns.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.campaigns.sandbox.FaultBook.FaultSpec;
import dev.campaigns.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import static dev.campaigns.sandbox.SandboxFixtures.START;
import static org.assertj.core.api.Assertions.assertThat;

class SandboxFaultBookTests {

	private static final FaultSpec UNLIMITED = new FaultSpec(null, null, null, null, null);

	private final MutableClock clock = new MutableClock(START);

	private final FaultBook faults = new FaultBook();

	@Test
	void aCountedFaultHitsThatManyRequestsThenLifts() {
		faults.add(FaultKind.HTTP_500, FaultTarget.TRIGGER, new FaultSpec(2, null, null, null, null), clock.instant());

		assertThat(faults.claim(FaultTarget.TRIGGER, clock.instant())).isPresent();
		assertThat(faults.inForce(clock.instant())).singleElement()
			.satisfies(inForce -> assertThat(inForce.remaining()).isEqualTo(1));
		assertThat(faults.claim(FaultTarget.TRIGGER, clock.instant())).isPresent();
		assertThat(faults.claim(FaultTarget.TRIGGER, clock.instant())).isEmpty();
		assertThat(faults.inForce(clock.instant())).isEmpty();
	}

	@Test
	void aTimedFaultExpiresOnTheSandboxClock() {
		faults.add(FaultKind.HTTP_502, FaultTarget.ALL, new FaultSpec(null, Duration.ofMinutes(2), null, null, null),
				clock.instant());

		clock.advance(Duration.ofSeconds(119));
		assertThat(faults.claim(FaultTarget.STATUS, clock.instant())).isPresent();
		clock.advance(Duration.ofSeconds(1));
		assertThat(faults.claim(FaultTarget.STATUS, clock.instant())).isEmpty();
		assertThat(faults.inForce(clock.instant())).isEmpty();
	}

	@Test
	void aFaultHitsOnlyTheRequestsItTargets() {
		faults.add(FaultKind.LATENCY, FaultTarget.STATUS, UNLIMITED, clock.instant());

		assertThat(faults.claim(FaultTarget.TRIGGER, clock.instant())).isEmpty();
		assertThat(faults.claim(FaultTarget.STATUS, clock.instant())).map(Fault::kind).contains(FaultKind.LATENCY);
	}

	@Test
	void theFirstFaultAddedApplies() {
		faults.add(FaultKind.HTTP_429, FaultTarget.TRIGGER, new FaultSpec(1, null, 3, null, null), clock.instant());
		faults.add(FaultKind.HTTP_500, FaultTarget.ALL, UNLIMITED, clock.instant());

		assertThat(faults.claim(FaultTarget.TRIGGER, clock.instant())).map(Fault::kind).contains(FaultKind.HTTP_429);
		assertThat(faults.claim(FaultTarget.TRIGGER, clock.instant())).map(Fault::kind).contains(FaultKind.HTTP_500);
		assertThat(faults.claim(FaultTarget.TRIGGER, clock.instant())).map(Fault::kind).contains(FaultKind.HTTP_500);
	}

	@Test
	void concurrentRequestsNeverShareTheLastUseOfACount() throws Exception {
		faults.add(FaultKind.HTTP_500, FaultTarget.TRIGGER, new FaultSpec(100, null, null, null, null),
				clock.instant());
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Callable<Boolean>> requests = new ArrayList<>();
			for (int i = 0; i < 1_000; i++) {
				requests.add(() -> faults.claim(FaultTarget.TRIGGER, clock.instant()).isPresent());
			}
			int hits = 0;
			for (Future<Boolean> hit : threads.invokeAll(requests)) {
				hits += hit.get() ? 1 : 0;
			}
			assertThat(hits).isEqualTo(100);
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void faultsCanBeLiftedOneByOneOrAllAtOnce() {
		Fault first = faults.add(FaultKind.HTTP_500, FaultTarget.TRIGGER, UNLIMITED, clock.instant());
		Fault second = faults.add(FaultKind.BAD_CALL_SID, FaultTarget.TRIGGER, UNLIMITED, clock.instant());

		assertThat(first.id()).isNotEqualTo(second.id());
		assertThat(faults.remove(first.id())).isTrue();
		assertThat(faults.remove(first.id())).isFalse();
		assertThat(faults.claim(FaultTarget.TRIGGER, clock.instant())).map(Fault::kind)
			.contains(FaultKind.BAD_CALL_SID);
		faults.clear();
		assertThat(faults.claim(FaultTarget.TRIGGER, clock.instant())).isEmpty();
	}

}
