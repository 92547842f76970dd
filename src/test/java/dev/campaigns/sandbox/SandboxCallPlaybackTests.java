package dev.campaigns.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.campaigns.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import static dev.campaigns.sandbox.SandboxFixtures.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SandboxCallPlaybackTests {

	private final MutableClock clock = new MutableClock(START);

	/** Default settings: queued 1 s, ringing 8 s, talking 45 s. */
	private final CallPlanner planner = new CallPlanner(SandboxSettings.defaults());

	@Test
	void anAnsweredCallIsQueuedRingsTalksAndCompletesInEveryDialect() {
		CallTimeline call = planner.plan(clock.instant(), CallOutcome.ANSWERED, 1.0);

		List<CallPhase> phases = phasesAt(call, Duration.ZERO, Duration.ofMillis(1), Duration.ofMillis(999),
				Duration.ofSeconds(1), Duration.ofSeconds(9), Duration.ofSeconds(53), Duration.ofSeconds(54));

		assertThat(phases).containsExactly(CallPhase.CREATED, CallPhase.QUEUED, CallPhase.QUEUED, CallPhase.RINGING,
				CallPhase.IN_PROGRESS, CallPhase.IN_PROGRESS, CallPhase.COMPLETED);
		assertThat(statuses(Dialect.OUTBOUND_CALLING_V1, phases)).containsExactly("queued", "queued", "queued",
				"calling", "calling", "calling", "success");
		assertThat(statuses(Dialect.AGENTS_V1, phases)).containsExactly("QUEUED", "QUEUED", "QUEUED", "RINGING",
				"IN_PROGRESS", "IN_PROGRESS", "COMPLETED");
		assertThat(statuses(Dialect.PLATFORM_V1, phases)).containsExactly("CREATED", "queued", "queued", "ringing",
				"in-progress", "in-progress", "completed");
	}

	@Test
	void aNoAnswerCallRingsForThreeRingTimesThenFails() {
		CallTimeline call = planner.plan(clock.instant(), CallOutcome.NO_ANSWER, 1.0);

		List<CallPhase> phases = phasesAt(call, Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(24),
				Duration.ofSeconds(25));

		assertThat(phases).containsExactly(CallPhase.QUEUED, CallPhase.RINGING, CallPhase.RINGING,
				CallPhase.NO_ANSWER);
		assertThat(call.endedAt()).isEqualTo(START.plusSeconds(25));
		assertThat(statuses(Dialect.OUTBOUND_CALLING_V1, phases)).containsExactly("queued", "calling", "calling",
				"failure");
		assertThat(statuses(Dialect.AGENTS_V1, phases)).containsExactly("QUEUED", "RINGING", "RINGING", "NO_ANSWER");
		assertThat(statuses(Dialect.PLATFORM_V1, phases)).containsExactly("queued", "ringing", "ringing", "no-answer");
	}

	@Test
	void busyAndFailedCallsEndAQuarterRingTimeAfterLeavingTheQueue() {
		CallTimeline busy = planner.plan(clock.instant(), CallOutcome.BUSY, 1.0);
		CallTimeline failed = planner.plan(clock.instant(), CallOutcome.FAILED, 1.0);

		List<CallPhase> busyPhases = phasesAt(busy, Duration.ofMillis(500), Duration.ofMillis(2999),
				Duration.ofSeconds(3));
		List<CallPhase> failedPhases = phasesAt(failed, Duration.ofMillis(500), Duration.ofMillis(2999),
				Duration.ofSeconds(3));

		assertThat(busyPhases).containsExactly(CallPhase.QUEUED, CallPhase.RINGING, CallPhase.BUSY);
		assertThat(failedPhases).containsExactly(CallPhase.QUEUED, CallPhase.RINGING, CallPhase.FAILED);
		assertThat(statuses(Dialect.OUTBOUND_CALLING_V1, busyPhases)).containsExactly("queued", "calling", "failure");
		assertThat(statuses(Dialect.OUTBOUND_CALLING_V1, failedPhases)).containsExactly("queued", "calling",
				"failure");
		assertThat(statuses(Dialect.AGENTS_V1, busyPhases)).containsExactly("QUEUED", "RINGING", "BUSY");
		assertThat(statuses(Dialect.AGENTS_V1, failedPhases)).containsExactly("QUEUED", "RINGING", "FAILED");
		assertThat(statuses(Dialect.PLATFORM_V1, busyPhases)).containsExactly("queued", "ringing", "busy");
		assertThat(statuses(Dialect.PLATFORM_V1, failedPhases)).containsExactly("queued", "ringing", "failed");
	}

	@Test
	void aCallIsForgottenOnlyOnceTheRetentionWindowAfterItsEndHasPassed() {
		CallTimeline call = planner.plan(clock.instant(), CallOutcome.BUSY, 1.0);
		Duration retention = SandboxSettings.defaults().retention();

		assertThat(call.endedBy(call.endedAt().minusMillis(1))).isNull();
		assertThat(call.endedBy(call.endedAt())).isEqualTo(call.endedAt());
		assertThat(call.isForgottenAt(call.endedAt().plus(retention), retention)).isFalse();
		assertThat(call.isForgottenAt(call.endedAt().plus(retention).plusMillis(1), retention)).isTrue();
		// a call still going is never forgotten, however long it lasts
		CallTimeline longCall = new CallPlanner(SandboxFixtures.settings("talk-time=PT5H")).plan(START,
				CallOutcome.ANSWERED, 1.0);
		assertThat(longCall.isForgottenAt(START.plus(Duration.ofHours(4)), retention)).isFalse();
	}

	@Test
	void talkTimesSpreadUniformlyWithinTheJitter() {
		CallPlanner answering = new CallPlanner(SandboxFixtures.settings("outcomes.answered=1", "seed=7"));

		List<Duration> talkTimes = IntStream.range(0, 2_000)
			.mapToObj(i -> answering.plan(START))
			.map(call -> Duration.between(call.answeredAt(), call.endedAt()))
			.toList();

		assertThat(talkTimes).allSatisfy(talk -> assertThat(talk).isBetween(Duration.ofMillis(22_500),
				Duration.ofMillis(67_500)));
		assertThat(talkTimes.stream().filter(talk -> talk.compareTo(Duration.ofSeconds(30)) < 0)).isNotEmpty();
		assertThat(talkTimes.stream().filter(talk -> talk.compareTo(Duration.ofSeconds(60)) > 0)).isNotEmpty();
		double meanSeconds = talkTimes.stream().mapToLong(Duration::toMillis).average().orElseThrow() / 1000.0;
		assertThat(meanSeconds).isCloseTo(45.0, within(1.5));
	}

	@Test
	void outcomesFollowTheConfiguredWeights() {
		CallPlanner seeded = new CallPlanner(SandboxFixtures.settings("seed=42"));
		Map<CallOutcome, Integer> counts = new EnumMap<>(CallOutcome.class);

		for (int i = 0; i < 20_000; i++) {
			counts.merge(seeded.plan(START).outcome(), 1, Integer::sum);
		}

		assertThat(counts.get(CallOutcome.ANSWERED) / 20_000.0).isCloseTo(0.70, within(0.02));
		assertThat(counts.get(CallOutcome.NO_ANSWER) / 20_000.0).isCloseTo(0.15, within(0.02));
		assertThat(counts.get(CallOutcome.BUSY) / 20_000.0).isCloseTo(0.10, within(0.02));
		assertThat(counts.get(CallOutcome.FAILED) / 20_000.0).isCloseTo(0.05, within(0.02));
	}

	@Test
	void answeredCallsArePickedUpByWhatTheDetectionWeightsSay() {
		CallPlanner seeded = new CallPlanner(SandboxFixtures.settings("seed=42", "detections.human=60",
				"detections.voicemail=25", "detections.ivr=10", "detections.not-in-service=5"));
		Map<Detection, Integer> counts = new EnumMap<>(Detection.class);
		int answered = 0;

		for (int i = 0; i < 20_000; i++) {
			CallTimeline call = seeded.plan(START);
			if (call.outcome() == CallOutcome.ANSWERED) {
				answered++;
				counts.merge(call.detection(), 1, Integer::sum);
			}
			else {
				assertThat(call.detection()).as("nobody picks up a call that is not answered").isNull();
			}
		}

		assertThat(counts.get(Detection.HUMAN) / (double) answered).isCloseTo(0.60, within(0.02));
		assertThat(counts.get(Detection.VOICEMAIL) / (double) answered).isCloseTo(0.25, within(0.02));
		assertThat(counts.get(Detection.IVR) / (double) answered).isCloseTo(0.10, within(0.02));
		assertThat(counts.get(Detection.NOT_IN_SERVICE) / (double) answered).isCloseTo(0.05, within(0.01));
		assertThat(counts).doesNotContainKey(Detection.OPERATOR);
	}

	@Test
	void withOnlyPeopleAnsweringNoDetectionIsDrawnSoASeededRunIsWhatItWas() {
		List<CallTimeline> humansOnly = plans(new CallPlanner(SandboxFixtures.settings("seed=42")), 200);
		List<CallTimeline> humansByName = plans(
				new CallPlanner(SandboxFixtures.settings("seed=42", "detections.human=5", "detections.ivr=0")), 200);

		assertThat(humansByName).isEqualTo(humansOnly);
		assertThat(humansOnly).filteredOn(call -> call.outcome() == CallOutcome.ANSWERED)
			.isNotEmpty()
			.allSatisfy(call -> assertThat(call.detection()).isEqualTo(Detection.HUMAN));
	}

	@Test
	void aScriptedDetectionMakesTheCallAnAnsweredOneMetByIt() {
		CallPlanner nobodyAnswers = new CallPlanner(SandboxFixtures.settings("outcomes.no-answer=1"));

		CallTimeline scripted = nobodyAnswers.plan(START, Detection.VOICEMAIL);

		assertThat(scripted.outcome()).isEqualTo(CallOutcome.ANSWERED);
		assertThat(scripted.detection()).isEqualTo(Detection.VOICEMAIL);
		assertThat(scripted.phaseAt(scripted.endedAt())).isEqualTo(CallPhase.COMPLETED);
		assertThat(nobodyAnswers.plan(START).outcome()).isEqualTo(CallOutcome.NO_ANSWER);
	}

	@Test
	void settingsRefuseDetectionWeightsThatCannotPickAnyone() {
		assertThatThrownBy(() -> SandboxFixtures.settings("detections.human=0", "detections.voicemail=0"))
			.rootCause()
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("orchestrator.sandbox.detections");
	}

	@Test
	void aSeedMakesTheMixReproducible() {
		List<CallTimeline> first = plans(new CallPlanner(SandboxFixtures.settings("seed=42")), 200);
		List<CallTimeline> second = plans(new CallPlanner(SandboxFixtures.settings("seed=42")), 200);
		List<CallTimeline> otherSeed = plans(new CallPlanner(SandboxFixtures.settings("seed=43")), 200);

		assertThat(first).isEqualTo(second);
		assertThat(first).isNotEqualTo(otherSeed);
	}

	@Test
	void configuringAnyWeightReplacesTheWholeMix() {
		CallPlanner onlyBusy = new CallPlanner(SandboxFixtures.settings("outcomes.busy=3"));

		assertThat(plans(onlyBusy, 100)).extracting(CallTimeline::outcome).containsOnly(CallOutcome.BUSY);
	}

	@Test
	void settingsBindOutcomeNamesAsTheDocsSpellThem() {
		SandboxSettings settings = SandboxFixtures.settings("outcomes.answered=1", "outcomes.no-answer=2");

		assertThat(settings.outcomes()).containsExactlyInAnyOrderEntriesOf(
				Map.of(CallOutcome.ANSWERED, 1, CallOutcome.NO_ANSWER, 2));
	}

	@Test
	void defaultsAreTheDocumentedOnes() {
		SandboxSettings defaults = SandboxSettings.defaults();

		assertThat(defaults.enabled()).isFalse();
		assertThat(defaults.retention()).isEqualTo(Duration.ofHours(2));
		assertThat(defaults.outcomes()).containsExactlyInAnyOrderEntriesOf(Map.of(CallOutcome.ANSWERED, 70,
				CallOutcome.NO_ANSWER, 15, CallOutcome.BUSY, 10, CallOutcome.FAILED, 5));
		assertThat(defaults.queueTime()).isEqualTo(Duration.ofSeconds(1));
		assertThat(defaults.ringTime()).isEqualTo(Duration.ofSeconds(8));
		assertThat(defaults.talkTime()).isEqualTo(Duration.ofSeconds(45));
		assertThat(defaults.talkTimeJitter()).isEqualTo(0.5);
		assertThat(defaults.errorRate()).isZero();
		assertThat(defaults.seed()).isNull();
		assertThat(defaults.authToken()).isNull();
		assertThat(defaults.dropHold()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void settingsRefuseWeightsThatCannotPickAnOutcome() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SandboxSettings(true, Duration.ofHours(2),
				Map.of(CallOutcome.ANSWERED, 0), Duration.ZERO, Duration.ZERO, Duration.ZERO, 0.0, 0.0, null, null,
				null, null, null, null, Duration.ZERO, null, Duration.ZERO, null))
			.withMessageContaining("outcomes");
	}

	@Test
	void theErrorRateFailsThatShareOfTriggers() {
		assertThat(IntStream.range(0, 100).filter(i -> planner.failsSpontaneously())).isEmpty();
		CallPlanner alwaysFailing = new CallPlanner(SandboxFixtures.settings("error-rate=1.0"));
		assertThat(IntStream.range(0, 100).allMatch(i -> alwaysFailing.failsSpontaneously())).isTrue();
		CallPlanner sometimes = new CallPlanner(SandboxFixtures.settings("error-rate=0.25", "seed=1"));
		long failures = IntStream.range(0, 10_000).filter(i -> sometimes.failsSpontaneously()).count();
		assertThat(failures / 10_000.0).isCloseTo(0.25, within(0.02));
	}

	private List<CallPhase> phasesAt(CallTimeline call, Duration... offsetsFromStart) {
		List<CallPhase> phases = new ArrayList<>();
		for (Duration offset : offsetsFromStart) {
			clock.set(START.plus(offset));
			phases.add(call.phaseAt(clock.instant()));
		}
		return phases;
	}

	private static List<String> statuses(Dialect dialect, List<CallPhase> phases) {
		return phases.stream().map(dialect::statusOf).toList();
	}

	private static List<CallTimeline> plans(CallPlanner planner, int count) {
		Instant receivedAt = START;
		List<CallTimeline> plans = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			plans.add(planner.plan(receivedAt));
		}
		return plans;
	}

}
