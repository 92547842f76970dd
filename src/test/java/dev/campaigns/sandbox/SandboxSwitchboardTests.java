package dev.campaigns.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.campaigns.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.ResponseEntity;

import static dev.campaigns.sandbox.SandboxFixtures.START;
import static org.assertj.core.api.Assertions.assertThat;

/** The fake API without HTTP: what each request gets, on a clock the test moves. */
class SandboxSwitchboardTests {

	private static final String V1_PATH = "/v1/outbound-calling";

	private static final String AGENTS_PATH = "/v1/agents/a/telephony/outbound-calls";

	private static final String PLATFORM_PATH = "/api/v1/acc/proj/outbound-call/trigger";

	private static final String V1_BODY = "{\"to_number\":\"+14155552671\"}";

	private static final String AGENTS_BODY = "{\"toNumber\":\"+14155552671\",\"environment\":\"sandbox\"}";

	private final MutableClock clock = new MutableClock(START);

	private final CallBook calls = new CallBook();

	private final FaultBook faults = new FaultBook();

	private final List<Switchboard> switchboards = new ArrayList<>();

	@AfterEach
	void stopTimers() {
		switchboards.forEach(Switchboard::close);
	}

	@Test
	void aNoAnswerCallEndsInFailureForV1AndNoAnswerForTheOthers() {
		Switchboard switchboard = switchboard("outcomes.no-answer=1");
		String v1 = sid(switchboard.trigger(Dialect.OUTBOUND_CALLING_V1, CallScope.NONE, V1_PATH, "token", V1_BODY),
				"call_sid");
		String agents = sid(
				switchboard.trigger(Dialect.AGENTS_V1, CallScope.agent("a"), AGENTS_PATH, "key", AGENTS_BODY),
				"callSid");
		String platform = sid(switchboard.trigger(Dialect.PLATFORM_V1, CallScope.project("acc", "proj"),
				PLATFORM_PATH, "connector", V1_BODY), "call_sid");

		clock.advance(Duration.ofSeconds(25));

		assertThat(status(switchboard.status(Dialect.OUTBOUND_CALLING_V1, CallScope.NONE, "token", v1)))
			.isEqualTo("failure");
		assertThat(status(switchboard.status(Dialect.AGENTS_V1, CallScope.agent("a"), "key", agents)))
			.isEqualTo("NO_ANSWER");
		assertThat(status(switchboard.status(Dialect.PLATFORM_V1, CallScope.project("acc", "proj"), "connector",
				platform))).isEqualTo("no-answer");
	}

	@Test
	void aCallIsOnlyFoundUnderTheScopeThatPlacedIt() {
		Switchboard switchboard = switchboard();
		String callSid = sid(
				switchboard.trigger(Dialect.AGENTS_V1, CallScope.agent("a"), AGENTS_PATH, "key", AGENTS_BODY),
				"callSid");

		assertThat(answer(switchboard.status(Dialect.AGENTS_V1, CallScope.agent("a"), "key", callSid))
			.getStatusCode()
			.value()).isEqualTo(200);
		assertThat(answer(switchboard.status(Dialect.AGENTS_V1, CallScope.agent("b"), "key", callSid))
			.getStatusCode()
			.value()).isEqualTo(404);
	}

	@Test
	void busyCallsAreForgottenTwoHoursAfterTheyEnd() {
		Switchboard switchboard = switchboard("outcomes.busy=1");
		String callSid = sid(switchboard.trigger(Dialect.OUTBOUND_CALLING_V1, CallScope.NONE, V1_PATH, "token", V1_BODY),
				"call_sid");

		clock.advance(Duration.ofSeconds(3).plus(Duration.ofHours(2)));
		assertThat(status(switchboard.status(Dialect.OUTBOUND_CALLING_V1, CallScope.NONE, "token", callSid)))
			.isEqualTo("failure");
		clock.advance(Duration.ofNanos(1));
		assertThat(answer(switchboard.status(Dialect.OUTBOUND_CALLING_V1, CallScope.NONE, "token", callSid))
			.getStatusCode()
			.value()).isEqualTo(404);
	}

	@Test
	void theErrorRateAnswers500WithoutPlacingACall() {
		Switchboard switchboard = switchboard("error-rate=1.0");

		ResponseEntity<String> failed = answer(
				switchboard.trigger(Dialect.OUTBOUND_CALLING_V1, CallScope.NONE, V1_PATH, "token", V1_BODY));

		assertThat(failed.getStatusCode().value()).isEqualTo(500);
		assertThat(calls.all()).isEmpty();
	}

	@Test
	void anyNonBlankCredentialIsAcceptedWhenNoTokenIsConfigured() {
		Switchboard switchboard = switchboard();

		ResponseEntity<String> anything = answer(
				switchboard.trigger(Dialect.OUTBOUND_CALLING_V1, CallScope.NONE, V1_PATH, "anything", V1_BODY));
		assertThat(anything.getStatusCode().value()).isEqualTo(200);
		assertThat(answer(switchboard.trigger(Dialect.OUTBOUND_CALLING_V1, CallScope.NONE, V1_PATH, "", V1_BODY))
			.getStatusCode()
			.value()).isEqualTo(401);
		assertThat(answer(switchboard.trigger(Dialect.OUTBOUND_CALLING_V1, CallScope.NONE, V1_PATH, null, V1_BODY))
			.getStatusCode()
			.value()).isEqualTo(401);
	}

	private Switchboard switchboard(String... properties) {
		SandboxSettings settings = SandboxFixtures.settings(properties);
		Switchboard switchboard = new Switchboard(settings, clock, calls, faults, new ScriptedDetections(),
				new AgentReporter(settings.agent(), settings.detectionTime(), clock));
		switchboards.add(switchboard);
		return switchboard;
	}

	/** The answer, which no fault held back: ready when the request returns, so it is answered on its thread. */
	private static ResponseEntity<String> answer(Switchboard.Reply reply) {
		assertThat(reply.answer()).isDone();
		return reply.answer().join();
	}

	private static String sid(Switchboard.Reply trigger, String field) {
		ResponseEntity<String> response = answer(trigger);
		assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
		return json(response).get(field).stringValue();
	}

	private static String status(Switchboard.Reply status) {
		ResponseEntity<String> response = answer(status);
		assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
		return json(response).get("status").stringValue();
	}

	private static JsonNode json(ResponseEntity<String> response) {
		return SandboxJson.MAPPER.readTree(response.getBody());
	}

}
