package dev.campaigns.orchestrator.provider;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.campaigns.orchestrator.provider.StatusMapping.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** What a status mapping may say, on a connection of each dialect. */
class StatusMappingTests {

	@ParameterizedTest(name = "{0} ''{1}'' -> {2} final={3}")
	@CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
			outbound-calling-v1 | voicemail    | NO_ANSWER       | NULL  | NULL
			outbound-calling-v1 | voicemail    | NO_ANSWER       | true  | NULL
			outbound-calling-v1 | transferring | IN_PROGRESS     | false | NULL
			outbound-calling-v1 | hung-up      | CANCELLED       | NULL  | NULL
			outbound-calling-v1 | no-answer    | NO_ANSWER       | NULL  | NULL
			platform-v1         | success      | COMPLETED       | NULL  | NULL
			outbound-calling-v1 | voicemail    | NO_ANSWER       | false | means NO_ANSWER, which is final: leave final out or make it true
			outbound-calling-v1 | transferring | IN_PROGRESS     | true  | means IN_PROGRESS, which is not final: leave final out or make it false
			outbound-calling-v1 | lost         | STATUS_EXPIRED  | NULL  | cannot mean STATUS_EXPIRED: one of [QUEUED, RINGING, IN_PROGRESS, COMPLETED, NO_ANSWER, BUSY, FAILED, CANCELLED]
			outbound-calling-v1 | lost         | UNRECOGNISED    | NULL  | cannot mean UNRECOGNISED: one of [QUEUED, RINGING, IN_PROGRESS, COMPLETED, NO_ANSWER, BUSY, FAILED, CANCELLED]
			outbound-calling-v1 | lost         | TRIGGER_UNKNOWN | NULL  | cannot mean TRIGGER_UNKNOWN: one of [QUEUED, RINGING, IN_PROGRESS, COMPLETED, NO_ANSWER, BUSY, FAILED, CANCELLED]
			outbound-calling-v1 | success      | NO_ANSWER       | NULL  | is documented by the dialect as COMPLETED: its meaning cannot be changed
			outbound-calling-v1 | Failure      | NO_ANSWER       | NULL  | is documented by the dialect as FAILED: its meaning cannot be changed
			platform-v1         | no_answer    | FAILED          | NULL  | is documented by the dialect as NO_ANSWER: its meaning cannot be changed
			agents-v1           | ' BUSY '     | FAILED          | NULL  | is documented by the dialect as BUSY: its meaning cannot be changed
			outbound-calling-v1 | '  '         | NO_ANSWER       | NULL  | must not be blank
			outbound-calling-v1 | a\u0000b     | NO_ANSWER       | NULL  | must not contain control characters
			""")
	void aStringMeansAMappableStatusTheDialectDoesNotDocument(String dialect, String string, CallStatus status,
			Boolean isFinal, String problem) {
		String key = string.replace("\\u0000", "\u0000");
		StatusMapping mapping = StatusMapping.of(Map.of(key, new Target(status, isFinal)));

		if (problem == null) {
			assertThat(mapping.problems(dialect(dialect))).isEmpty();
		}
		else {
			assertThat(mapping.problems(dialect(dialect))).containsExactly(new StatusMapping.Problem(key, problem));
		}
	}

	@Test
	void aStringIsAtMostOneHundredCharactersAndAMappingAtMostOneHundredStrings() {
		Target noAnswer = new Target(CallStatus.NO_ANSWER, null);
		assertThat(StatusMapping.of(Map.of("v".repeat(100), noAnswer)).problems(Dialect.AGENTS_V1)).isEmpty();
		assertThat(StatusMapping.of(Map.of("v".repeat(101), noAnswer)).problems(Dialect.AGENTS_V1))
			.extracting(StatusMapping.Problem::reason)
			.containsExactly("must be at most 100 characters");
		Map<String, Target> many = new HashMap<>();
		for (int i = 0; i <= StatusMapping.MOST_STRINGS; i++) {
			many.put("code-" + i, noAnswer);
		}
		assertThat(StatusMapping.of(many).problems(Dialect.AGENTS_V1)).extracting(StatusMapping.Problem::reason)
			.containsExactly("is one of 101 strings: at most 100");
	}

	@Test
	void finalLeftOutIsTheStatusesOwn() {
		assertThat(new Target(CallStatus.NO_ANSWER, null).isFinal()).isTrue();
		assertThat(new Target(CallStatus.IN_PROGRESS, null).isFinal()).isFalse();
	}

	@Test
	void aStringIsMatchedExactly() {
		StatusMapping mapping = StatusMapping.of(Map.of("voicemail", new Target(CallStatus.NO_ANSWER, null)));

		assertThat(mapping.meaning("voicemail")).isEqualTo(CallStatus.NO_ANSWER);
		assertThat(mapping.meaning("Voicemail")).isNull();
		assertThat(mapping.meaning("voicemail ")).isNull();
		assertThat(StatusMapping.NONE.meaning("voicemail")).isNull();
	}

	@Test
	void aLongStringIsCutWhereAProblemNamesIt() {
		String long_ = "v".repeat(200);

		assertThat(new StatusMapping.Problem(long_, "must be at most 100 characters").toString())
			.isEqualTo("'" + "v".repeat(40) + "…' must be at most 100 characters");
	}

	@Test
	void theDefaultConnectionsMappingIsCheckedAtStartUp() {
		Map<String, Target> documented = Map.of("success", new Target(CallStatus.NO_ANSWER, null));

		assertThatIllegalArgumentException().isThrownBy(() -> settings(documented))
			.withMessage("orchestrator.provider.status-mapping: ['success' is documented by the dialect as COMPLETED:"
					+ " its meaning cannot be changed]");
		assertThat(settings(Map.of("voicemail", new Target(CallStatus.NO_ANSWER, null))).mapping().meaning("voicemail"))
			.isEqualTo(CallStatus.NO_ANSWER);
		assertThat(settings(null).mapping()).isEqualTo(StatusMapping.NONE);
	}

	@Test
	void aStoredConnectionUsesItsOwnMappingNotTheDefaults() {
		ProviderSettings deployment = settings(Map.of("voicemail", new Target(CallStatus.NO_ANSWER, null)));
		StatusMapping own = StatusMapping.of(Map.of("agent-voicemail", new Target(CallStatus.BUSY, null)));

		ProviderSettings connection = deployment.withEndpoint(new ProviderEndpoint(Dialect.OUTBOUND_CALLING_V1,
				"https://api.example", "token", null, null, null, null, own));

		assertThat(connection.mapping()).isEqualTo(own);
		assertThat(deployment.withEndpoint(new ProviderEndpoint(Dialect.OUTBOUND_CALLING_V1, "https://api.example",
				"token", null, null, null, null)).mapping()).isEqualTo(StatusMapping.NONE);
	}

	private static ProviderSettings settings(Map<String, Target> mapping) {
		return new ProviderSettings(Dialect.OUTBOUND_CALLING_V1, "https://api.example", "token", null, "live", null,
				null, "/v1/agents/{agentId}/telephony/outbound-calls/{callSid}", Duration.ofHours(2),
				Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(5),
				org.springframework.util.unit.DataSize.ofKilobytes(64), mapping);
	}

	private static Dialect dialect(String id) {
		for (Dialect dialect : Dialect.values()) {
			if (dialect.id().equals(id)) {
				return dialect;
			}
		}
		throw new IllegalArgumentException(id);
	}

}
