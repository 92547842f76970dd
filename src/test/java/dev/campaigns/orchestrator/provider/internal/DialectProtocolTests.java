package dev.campaigns.orchestrator.provider.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.campaigns.orchestrator.provider.CallRequest;
import dev.campaigns.orchestrator.provider.CallStatus;
import dev.campaigns.orchestrator.provider.Dialect;
import dev.campaigns.orchestrator.provider.ProviderSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

class DialectProtocolTests {

	private static final CallRequest REQUEST = CallRequest.to("+442079460123")
		.withMetadata(Map.of("customer_name", "Paul Smith"))
		.withOptions("pre-release", "variant-7", "UDP/SRTP");

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void outboundCallingV1SendsSnakeCaseToItsDocumentedPath() {
		DialectProtocol v1 = DialectProtocol.of(settings(Dialect.OUTBOUND_CALLING_V1, null, null, null));
		WireRequest wire = v1.trigger(REQUEST.withCountryCode("GB"));

		assertThat(v1.authHeader()).isEqualTo("X-PolyAi-Auth-Token");
		assertThat(wire.path()).isEqualTo("/v1/outbound-calling");
		assertThat(wire.body()).containsExactly(entry("to_number", "+442079460123"), entry("country_code", "GB"),
				entry("metadata", Map.of("customer_name", "Paul Smith")), entry("encryption", "UDP/SRTP"));
		assertThat(v1.statusPath("OUT-1")).isEqualTo("/v1/outbound-calling/OUT-1/status");
	}

	@Test
	void absentOptionsAreLeftOutRatherThanSentAsNull() {
		DialectProtocol v1 = DialectProtocol.of(settings(Dialect.OUTBOUND_CALLING_V1, null, null, null));

		assertThat(v1.trigger(CallRequest.to("+14155550123")).body()).containsOnlyKeys("to_number");
	}

	@Test
	void agentsV1SendsCamelCaseWithEnvironmentAndItsEncryptionSpelling() {
		DialectProtocol agents = DialectProtocol.of(settings(Dialect.AGENTS_V1, "agent-1", null, null));
		WireRequest wire = agents.trigger(REQUEST);

		assertThat(agents.authHeader()).isEqualTo("X-API-KEY");
		assertThat(wire.path()).isEqualTo("/v1/agents/agent-1/telephony/outbound-calls");
		assertThat(wire.body()).containsExactly(entry("toNumber", "+442079460123"), entry("environment", "pre-release"),
				entry("variantId", "variant-7"), entry("encryption", "udp_srtp"),
				entry("metadata", Map.of("customer_name", "Paul Smith")));
		assertThat(agents.statusPath("OUT-9")).isEqualTo("/v1/agents/agent-1/telephony/outbound-calls/OUT-9");
	}

	@Test
	void agentsV1FallsBackToTheConfiguredEnvironment() {
		DialectProtocol agents = DialectProtocol.of(settings(Dialect.AGENTS_V1, "agent-1", null, null));

		assertThat(agents.trigger(CallRequest.to("+14155550123")).body()).containsEntry("environment", "live");
	}

	@Test
	void platformV1PutsAccountAndProjectInThePath() {
		DialectProtocol platform = DialectProtocol.of(settings(Dialect.PLATFORM_V1, null, "acc 1", "proj-2"));
		WireRequest wire = platform.trigger(REQUEST);

		assertThat(platform.authHeader()).isEqualTo("X-CONNECTOR-ID");
		assertThat(wire.path()).isEqualTo("/api/v1/acc%201/proj-2/outbound-call/trigger");
		assertThat(wire.body()).containsOnlyKeys("to_number", "metadata", "encryption");
		assertThat(platform.statusPath("OUT-3")).isEqualTo("/api/v1/acc%201/proj-2/outbound-call/status/OUT-3");
	}

	@Test
	void aDialectWithoutItsPathParametersRefusesToStart() {
		assertThatExceptionOfType(ProviderMisconfigured.class)
			.isThrownBy(() -> DialectProtocol.of(settings(Dialect.AGENTS_V1, null, null, null)))
			.withMessageContaining("orchestrator.provider.agent-id");
		assertThatExceptionOfType(ProviderMisconfigured.class)
			.isThrownBy(() -> DialectProtocol.of(settings(Dialect.PLATFORM_V1, null, "acc", " ")))
			.withMessageContaining("orchestrator.provider.project-id");
	}

	@Test
	void readsTheCallIdInEitherDocumentedSpelling() {
		DialectProtocol v1 = DialectProtocol.of(settings(Dialect.OUTBOUND_CALLING_V1, null, null, null));

		assertThat(v1.callSid(json.readTree("{\"call_sid\":\"OUT-a\"}"))).isEqualTo("OUT-a");
		assertThat(v1.callSid(json.readTree("{\"callSid\":\"OUT-b\"}"))).isEqualTo("OUT-b");
		assertThat(v1.callSid(json.readTree("{\"id\":\"OUT-c\"}"))).isNull();
	}

	@Test
	void everyDocumentedStatusOfOutboundCallingV1HasItsMeaning() {
		StatusVocabulary v1 = StatusVocabulary.OUTBOUND_CALLING_V1;

		assertThat(v1.meaning("queued")).isEqualTo(CallStatus.QUEUED);
		assertThat(v1.meaning("calling")).isEqualTo(CallStatus.RINGING);
		assertThat(v1.meaning("success")).isEqualTo(CallStatus.COMPLETED);
		assertThat(v1.meaning("failure")).isEqualTo(CallStatus.FAILED);
	}

	@Test
	void everyDocumentedStatusOfPlatformV1HasItsMeaning() {
		StatusVocabulary platform = StatusVocabulary.PLATFORM_V1;

		assertThat(platform.meaning("CREATED")).isEqualTo(CallStatus.QUEUED);
		assertThat(platform.meaning("queued")).isEqualTo(CallStatus.QUEUED);
		assertThat(platform.meaning("ringing")).isEqualTo(CallStatus.RINGING);
		assertThat(platform.meaning("in-progress")).isEqualTo(CallStatus.IN_PROGRESS);
		assertThat(platform.meaning("completed")).isEqualTo(CallStatus.COMPLETED);
		assertThat(platform.meaning("failed")).isEqualTo(CallStatus.FAILED);
		assertThat(platform.meaning("no-answer")).isEqualTo(CallStatus.NO_ANSWER);
		assertThat(platform.meaning("busy")).isEqualTo(CallStatus.BUSY);
		assertThat(platform.meaning("cancelled")).isEqualTo(CallStatus.CANCELLED);
	}

	@Test
	void agentsV1StatusesAreTheUpperCaseSpellings() {
		StatusVocabulary agents = StatusVocabulary.AGENTS_V1;

		assertThat(agents.meaning("QUEUED")).isEqualTo(CallStatus.QUEUED);
		assertThat(agents.meaning("IN_PROGRESS")).isEqualTo(CallStatus.IN_PROGRESS);
		assertThat(agents.meaning("NO_ANSWER")).isEqualTo(CallStatus.NO_ANSWER);
	}

	/** No dialect documents a duration; an answer that has one as {@code duration} is read, whatever its dialect. */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
			{"status":"success","duration":42}          | 42
			{"status":"success","duration":"42"}        | 42
			{"status":"success","duration":42.9}        | 42
			{"status":"success","duration":0}           | 0
			{"status":"success","duration":-1}          | NULL
			{"status":"success","duration":"forty"}     | NULL
			{"status":"success","duration":"4e2"}       | NULL
			{"status":"success","duration":99999999999} | NULL
			{"status":"success","duration":null}        | NULL
			{"status":"success"}                        | NULL
			""")
	void aDurationIsReadInWholeSecondsWhenTheAnswerHasOne(String answer, Integer seconds) {
		for (Dialect dialect : Dialect.values()) {
			assertThat(protocol(dialect).durationSeconds(json.readTree(answer))).as(dialect.id()).isEqualTo(seconds);
		}
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
			outbound-calling-v1 | {"ended_at":"2030-01-07T09:31:00Z"}                                   | 2030-01-07T09:31:00Z
			platform-v1         | {"ended_at":"2030-01-07T10:31:00+01:00"}                              | 2030-01-07T09:31:00Z
			agents-v1           | {"endedAt":"2030-01-07T09:31:00.250Z"}                                | 2030-01-07T09:31:00.250Z
			agents-v1           | {"ended_at":"2030-01-07T09:31:00Z"}                                   | 2030-01-07T09:31:00Z
			outbound-calling-v1 | {"endedAt":"2030-01-07T09:31:00Z"}                                    | 2030-01-07T09:31:00Z
			agents-v1           | {"endedAt":"2030-01-07T09:31:01Z","ended_at":"2030-01-07T09:31:02Z"}  | 2030-01-07T09:31:01Z
			platform-v1         | {"endedAt":"2030-01-07T09:31:01Z","ended_at":"2030-01-07T09:31:02Z"}  | 2030-01-07T09:31:02Z
			platform-v1         | {"ended_at":"2030-01-07 09:31"}                                       | NULL
			platform-v1         | {"ended_at":"2030-01-07T09:31:00"}                                    | NULL
			platform-v1         | {"ended_at":1893922260}                                               | NULL
			agents-v1           | {}                                                                    | NULL
			""")
	void anEndIsReadAsAnInstantWithItsOffsetTheDialectsSpellingFirst(String dialect, String answer, Instant end) {
		assertThat(protocol(Dialect.valueOf(dialect.toUpperCase().replace('-', '_'))).endedAt(json.readTree(answer)))
			.isEqualTo(end);
	}

	@Test
	void anUndocumentedStatusIsUnrecognisedAndNotFinal() {
		assertThat(StatusVocabulary.OUTBOUND_CALLING_V1.meaning("voicemail")).isEqualTo(CallStatus.UNRECOGNISED);
		assertThat(StatusVocabulary.OUTBOUND_CALLING_V1.meaning("completed")).isEqualTo(CallStatus.UNRECOGNISED);
		assertThat(CallStatus.UNRECOGNISED.isFinal()).isFalse();
	}

	private static DialectProtocol protocol(Dialect dialect) {
		return DialectProtocol.of(settings(dialect, "agent-1", "acc", "proj"));
	}

	static ProviderSettings settings(Dialect dialect, String agentId, String accountId, String projectId) {
		return new ProviderSettings(dialect, "http://localhost", "token", agentId, "live", accountId, projectId,
				"/v1/agents/{agentId}/telephony/outbound-calls/{callSid}", Duration.ofHours(2), Duration.ofSeconds(2),
				Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(5),
				org.springframework.util.unit.DataSize.ofKilobytes(64), null);
	}

}
