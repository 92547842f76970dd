package dev.campaigns.orchestrator.provider.internal;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.campaigns.orchestrator.net.TargetCheck;
import dev.campaigns.orchestrator.provider.CallRequest;
import dev.campaigns.orchestrator.provider.CallStatus;
import dev.campaigns.orchestrator.provider.Dialect;
import dev.campaigns.orchestrator.provider.ProviderEndpoint;
import dev.campaigns.orchestrator.provider.ProviderSettings;
import dev.campaigns.orchestrator.provider.StatusMapping;
import dev.campaigns.orchestrator.provider.StatusResult;
import dev.campaigns.orchestrator.provider.TriggerResult;
import dev.campaigns.testsupport.SandboxServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Every dialect and every fault, over real HTTP against the standalone sandbox. */
class HttpOutboundCallsIntegrationTests {

	private static final String NUMBER = "+442079460123";

	static SandboxServer sandbox;

	@BeforeAll
	static void startSandbox() {
		sandbox = SandboxServer.start("orchestrator.sandbox.agent-id=agent-1", "orchestrator.sandbox.account-id=acc",
				"orchestrator.sandbox.project-id=proj", "orchestrator.sandbox.outcomes.answered=100",
				"orchestrator.sandbox.outcomes.no-answer=0", "orchestrator.sandbox.outcomes.busy=0",
				"orchestrator.sandbox.outcomes.failed=0", "orchestrator.sandbox.retention=PT2H");
	}

	@AfterAll
	static void stopSandbox() {
		sandbox.close();
	}

	@AfterEach
	void reset() {
		sandbox.clearFaults();
		sandbox.forgetCalls();
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void placesACallAndFollowsItToItsFinalStatusUntilTheProviderForgetsIt(Dialect dialect) {
		HttpOutboundCalls calls = calls(dialect);

		TriggerResult result = calls.trigger(CallRequest.to(NUMBER).withMetadata(Map.of("customer_name", "Paul")));

		assertThat(result).isInstanceOf(TriggerResult.Accepted.class);
		String callSid = ((TriggerResult.Accepted) result).callSid();
		assertThat(callSid).startsWith("OUT-");
		assertThat(sandbox.calls()).singleElement().satisfies(call -> {
			assertThat(call.get("callSid").asString()).isEqualTo(callSid);
			assertThat(call.get("dialect").asString()).isEqualTo(dialect.id());
			assertThat(call.get("toNumber").asString()).isEqualTo(NUMBER);
			assertThat(call.get("metadata").get("customer_name").asString()).isEqualTo("Paul");
		});
		assertThat(status(calls, callSid).status()).isIn(CallStatus.QUEUED, CallStatus.RINGING);

		sandbox.clock().advance(Duration.ofMinutes(10));
		StatusResult.Observed last = status(calls, callSid);
		assertThat(last.status()).isEqualTo(CallStatus.COMPLETED);
		assertThat(last.rawStatus()).isEqualTo(switch (dialect) {
			case OUTBOUND_CALLING_V1 -> "success";
			case AGENTS_V1 -> "COMPLETED";
			case PLATFORM_V1 -> "completed";
		});

		sandbox.clock().advance(Duration.ofHours(2));
		assertThat(calls.status(callSid)).isInstanceOf(StatusResult.NotFound.class);
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void anInvalidNumberIsRejectedWithTheProvidersReason(Dialect dialect) {
		TriggerResult result = calls(dialect).trigger(CallRequest.to("12345"));

		assertThat(result).isInstanceOfSatisfying(TriggerResult.Rejected.class,
				rejected -> assertThat(rejected.reason()).startsWith("HTTP 400").containsIgnoringCase("number"));
		assertThat(sandbox.calls()).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void aMissingCredentialIsAConfigurationError(Dialect dialect) {
		TriggerResult result = calls(settings(dialect, sandbox.url(), "", "agent-1", "acc")).trigger(CallRequest.to(NUMBER));

		assertThat(result).isInstanceOfSatisfying(TriggerResult.ConfigurationRejected.class,
				rejected -> assertThat(rejected.httpStatus()).isEqualTo(401));
	}

	@Test
	void anUnknownAgentOrAccountIsAConfigurationError() {
		TriggerResult agents = calls(settings(Dialect.AGENTS_V1, sandbox.url(), "key", "someone-else", "acc"))
			.trigger(CallRequest.to(NUMBER));
		TriggerResult platform = calls(settings(Dialect.PLATFORM_V1, sandbox.url(), "key", "agent-1", "other-account"))
			.trigger(CallRequest.to(NUMBER));

		assertThat(agents).isInstanceOfSatisfying(TriggerResult.ConfigurationRejected.class,
				rejected -> assertThat(rejected.httpStatus()).isEqualTo(404));
		assertThat(platform).isInstanceOfSatisfying(TriggerResult.ConfigurationRejected.class,
				rejected -> assertThat(rejected.httpStatus()).isEqualTo(404));
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void aServerErrorIsRetriedAndTheCallPlacedOnce(Dialect dialect) {
		sandbox.inject("{\"kind\":\"HTTP_500\",\"count\":1}");

		TriggerResult result = calls(dialect).trigger(CallRequest.to(NUMBER));

		assertThat(result).isInstanceOf(TriggerResult.Accepted.class);
		assertThat(sandbox.calls()).hasSize(1);
	}

	@Test
	void aBadGatewayThatOutlastsTheRetriesLeavesTheProviderUnavailableAndNoCallPlaced() {
		sandbox.inject("{\"kind\":\"HTTP_502\",\"count\":3}");
		HttpOutboundCalls calls = calls(Dialect.OUTBOUND_CALLING_V1);

		TriggerResult result = calls.trigger(CallRequest.to(NUMBER));

		assertThat(result).isInstanceOfSatisfying(TriggerResult.Unavailable.class,
				unavailable -> assertThat(unavailable.reason()).startsWith("HTTP 502"));
		assertThat(sandbox.calls()).isEmpty();
		// exactly three attempts consumed the three faults: the next trigger goes through
		assertThat(calls.trigger(CallRequest.to(NUMBER))).isInstanceOf(TriggerResult.Accepted.class);
	}

	@Test
	void tooManyRequestsIsNotRetriedAndCarriesRetryAfter() {
		sandbox.inject("{\"kind\":\"HTTP_429\",\"count\":1,\"retryAfterSeconds\":7}");

		TriggerResult result = calls(Dialect.PLATFORM_V1).trigger(CallRequest.to(NUMBER));

		assertThat(result).isEqualTo(new TriggerResult.Throttled(Duration.ofSeconds(7)));
		assertThat(sandbox.calls()).isEmpty();
	}

	@Test
	void aSlowAnswerWithinTheTimeoutIsAccepted() {
		sandbox.inject("{\"kind\":\"LATENCY\",\"count\":1,\"latency\":\"PT0.3S\"}");

		TriggerResult result = calls(Dialect.AGENTS_V1).trigger(CallRequest.to(NUMBER));

		assertThat(result).isInstanceOf(TriggerResult.Accepted.class);
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void aLostAnswerAfterTheCallWasPlacedIsAnUnknownOutcomeAndNeverRetried(Dialect dialect) {
		sandbox.inject("{\"kind\":\"DROP_RESPONSE\",\"count\":1,\"hold\":\"PT3S\"}");

		TriggerResult result = calls(dialect).trigger(CallRequest.to(NUMBER));

		assertThat(result).isInstanceOfSatisfying(TriggerResult.OutcomeUnknown.class,
				unknown -> assertThat(unknown.reason()).contains("after the trigger was sent"));
		assertThat(sandbox.calls()).hasSize(1);
	}

	@Test
	void aCallIdWithoutTheOutPrefixIsAProviderErrorNotASuccess() {
		sandbox.inject("{\"kind\":\"BAD_CALL_SID\",\"count\":1}");

		TriggerResult result = calls(Dialect.OUTBOUND_CALLING_V1).trigger(CallRequest.to(NUMBER));

		assertThat(result).isInstanceOfSatisfying(TriggerResult.OutcomeUnknown.class,
				unknown -> assertThat(unknown.reason()).contains("OUT-"));
		assertThat(sandbox.calls()).hasSize(1);
	}

	@Test
	void aRefusedConnectionIsRetriedThenUnavailable() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		TriggerResult result = calls(settings(Dialect.OUTBOUND_CALLING_V1,
				"http://localhost:" + closedPort + "/sandbox/polyai", "token", "agent-1", "acc"))
			.trigger(CallRequest.to(NUMBER));

		assertThat(result).isInstanceOfSatisfying(TriggerResult.Unavailable.class,
				unavailable -> assertThat(unavailable.reason()).contains("cannot connect"));
	}

	@Test
	void aStoredConnectionsPortSendsNothingOnceItsHostResolvesToAnAddressNotAllowed() {
		// the sandbox listens on loopback, allowed here; later its name answers a private address
		AtomicReference<String> dns = new AtomicReference<>("127.0.0.1");
		TargetCheck targets = new TargetCheck(host -> List.of(InetAddress.getByName(dns.get())),
				List.of("127.0.0.0/8"));
		HttpOutboundCalls calls = calls(settings(Dialect.OUTBOUND_CALLING_V1, sandbox.url(), "token", "agent-1",
				"acc"), targets);
		TriggerResult placed = calls.trigger(CallRequest.to(NUMBER));
		assertThat(placed).isInstanceOf(TriggerResult.Accepted.class);
		dns.set("10.1.2.3");

		String reason = "the connection's base URL must reach a public address: its host resolves to a private"
				+ " address; nothing was sent";
		assertThat(calls.trigger(CallRequest.to("+442079460124"))).isEqualTo(
				new TriggerResult.ConfigurationRejected(TriggerResult.ConfigurationRejected.NOT_SENT, reason));
		assertThat(calls.status(((TriggerResult.Accepted) placed).callSid())).isEqualTo(
				new StatusResult.ConfigurationRejected(TriggerResult.ConfigurationRejected.NOT_SENT, reason));
		assertThat(sandbox.calls()).hasSize(1);
	}

	@Test
	void theCircuitOpensAfterRepeatedFailuresAndStopsCallingTheProvider() {
		sandbox.inject("{\"kind\":\"HTTP_500\"}");
		HttpOutboundCalls calls = calls(Dialect.OUTBOUND_CALLING_V1);
		for (int i = 0; i < 2; i++) {
			assertThat(calls.trigger(CallRequest.to(NUMBER))).isInstanceOf(TriggerResult.Unavailable.class);
		}
		sandbox.clearFaults();

		TriggerResult result = calls.trigger(CallRequest.to(NUMBER));

		assertThat(result).isInstanceOfSatisfying(TriggerResult.Unavailable.class,
				unavailable -> assertThat(unavailable.reason()).contains("circuit breaker").contains("open"));
		assertThat(sandbox.calls()).isEmpty();
	}

	@Test
	void statusReadsAreRetriedThroughTransientFailures() {
		HttpOutboundCalls calls = calls(Dialect.PLATFORM_V1);
		String callSid = ((TriggerResult.Accepted) calls.trigger(CallRequest.to(NUMBER))).callSid();
		sandbox.inject("{\"kind\":\"HTTP_502\",\"target\":\"STATUS\",\"count\":2}");

		assertThat(calls.status(callSid)).isInstanceOf(StatusResult.Observed.class);
	}

	@Test
	void statusReadsReportThrottlingAndUnknownCalls() {
		HttpOutboundCalls calls = calls(Dialect.OUTBOUND_CALLING_V1);
		sandbox.inject("{\"kind\":\"HTTP_429\",\"target\":\"STATUS\",\"count\":1,\"retryAfterSeconds\":3}");

		assertThat(calls.status("OUT-unknown")).isEqualTo(new StatusResult.Throttled(Duration.ofSeconds(3)));
		assertThat(calls.status("OUT-unknown")).isInstanceOf(StatusResult.NotFound.class);
	}

	@Test
	void aTrickledStatusBodyCostsOneDeadlineNotMore() {
		HttpOutboundCalls calls = calls(Dialect.OUTBOUND_CALLING_V1);
		String callSid = ((TriggerResult.Accepted) calls.trigger(CallRequest.to(NUMBER))).callSid();
		// headers at once, then one byte every 200 ms: a body of ~100 bytes would take 20 s
		sandbox.inject("{\"kind\":\"TRICKLE\",\"target\":\"STATUS\",\"latency\":\"PT0.2S\"}");

		long started = System.nanoTime();
		StatusResult result = calls.status(callSid);
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertThat(result).isInstanceOfSatisfying(StatusResult.Unavailable.class,
				unavailable -> assertThat(unavailable.reason()).contains("no whole answer within PT1.5S"));
		// one deadline of 1.5 s per attempt, three attempts, nowhere near the body's 20 s
		assertThat(took).isLessThan(Duration.ofSeconds(8));
	}

	@Test
	void aStatusExchangeEndsByTheCallsDeadlineAndNoneStartsAfterIt() {
		HttpOutboundCalls calls = calls(Dialect.OUTBOUND_CALLING_V1);
		String callSid = ((TriggerResult.Accepted) calls.trigger(CallRequest.to(NUMBER))).callSid();
		sandbox.inject("{\"kind\":\"TRICKLE\",\"target\":\"STATUS\",\"latency\":\"PT0.2S\"}");

		long started = System.nanoTime();
		StatusResult cut = calls.status(callSid, sandbox.clock().instant().plusMillis(400));
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		StatusResult after = calls.status(callSid, sandbox.clock().instant().minusSeconds(1));

		// cut once at the call's deadline, not retried: the deadline is the call's, not the provider's fault
		assertThat(cut).isInstanceOfSatisfying(StatusResult.Unavailable.class, unavailable -> assertThat(
				unavailable.reason()).isEqualTo("no whole status answer by the call's retention deadline"));
		assertThat(took).isLessThan(Duration.ofMillis(1500));
		assertThat(after).isEqualTo(
				new StatusResult.Unavailable("no status request after the call's retention deadline"));
	}

	@Test
	void aTrickledTriggerAnswerIsAnUnknownOutcomeWithinTheDeadline() {
		HttpOutboundCalls calls = calls(Dialect.OUTBOUND_CALLING_V1);
		sandbox.inject("{\"kind\":\"TRICKLE\",\"count\":1,\"latency\":\"PT0.2S\"}");

		TriggerResult result = calls.trigger(CallRequest.to(NUMBER));

		assertThat(result).isInstanceOfSatisfying(TriggerResult.OutcomeUnknown.class,
				unknown -> assertThat(unknown.reason()).contains("no whole answer within"));
		assertThat(sandbox.calls()).hasSize(1);
	}

	@Test
	void anOversizedAnswerIsReadNoFurtherThanTheCap() {
		HttpOutboundCalls calls = calls(Dialect.OUTBOUND_CALLING_V1);
		String callSid = ((TriggerResult.Accepted) calls.trigger(CallRequest.to(NUMBER))).callSid();
		sandbox.inject("{\"kind\":\"OVERSIZED\",\"target\":\"STATUS\",\"size\":10000000}");
		sandbox.inject("{\"kind\":\"OVERSIZED\",\"count\":1,\"size\":10000000}");

		assertThat(calls.status(callSid)).isInstanceOfSatisfying(StatusResult.Unavailable.class,
				unavailable -> assertThat(unavailable.reason()).contains("larger than 65536 bytes"));
		assertThat(calls.trigger(CallRequest.to("+442079460124"))).isInstanceOfSatisfying(
				TriggerResult.OutcomeUnknown.class, unknown -> assertThat(unknown.reason()).contains("larger than"));
	}

	@Test
	void aRetryAfterBeyondTheMaximumIsCutToIt() {
		HttpOutboundCalls calls = calls(Dialect.OUTBOUND_CALLING_V1);
		sandbox.inject("{\"kind\":\"HTTP_429\",\"count\":1,\"retryAfterSeconds\":2147483647}");
		sandbox.inject("{\"kind\":\"HTTP_429\",\"target\":\"STATUS\",\"count\":1,\"retryAfterSeconds\":2147483647}");

		assertThat(calls.trigger(CallRequest.to(NUMBER))).isEqualTo(new TriggerResult.Throttled(Duration.ofMinutes(5)));
		assertThat(calls.status("OUT-unknown")).isEqualTo(new StatusResult.Throttled(Duration.ofMinutes(5)));
	}

	@Test
	void oneCallsLastingOddAnswerNeverOpensTheBreakerForTheOthers() {
		HttpOutboundCalls calls = calls(Dialect.OUTBOUND_CALLING_V1);
		String odd = ((TriggerResult.Accepted) calls.trigger(CallRequest.to(NUMBER))).callSid();
		String healthy = ((TriggerResult.Accepted) calls.trigger(CallRequest.to("+442079460124"))).callSid();
		sandbox.inject("{\"kind\":\"HTTP_STATUS\",\"target\":\"STATUS\",\"httpStatus\":410,\"toNumber\":\"" + NUMBER
				+ "\"}");
		sandbox.inject("{\"kind\":\"HTTP_STATUS\",\"target\":\"STATUS\",\"httpStatus\":503,\"toNumber\":\""
				+ "+442079460124\",\"count\":3}");

		// the 410 is this call's answer, not the provider being down; the other call's 5xx, once retried,
		// is one failure of a call whose next read goes past the breaker
		for (int i = 0; i < 20; i++) {
			assertThat(calls.status(odd)).isInstanceOfSatisfying(StatusResult.Unavailable.class,
					unavailable -> assertThat(unavailable.reason()).startsWith("HTTP 410"));
		}

		assertThat(calls.status(healthy)).isInstanceOf(StatusResult.Unavailable.class);
		assertThat(calls.status(healthy)).isInstanceOf(StatusResult.Observed.class);
		assertThat(calls.status(healthy)).isInstanceOf(StatusResult.Observed.class);
	}

	@Test
	void aStatusWithControlCharactersIsKeptSafeAndBounded() {
		HttpOutboundCalls calls = calls(Dialect.OUTBOUND_CALLING_V1);
		String callSid = ((TriggerResult.Accepted) calls.trigger(CallRequest.to(NUMBER))).callSid();
		sandbox.inject("{\"kind\":\"STATUS_TEXT\",\"target\":\"STATUS\",\"count\":1,\"statusText\":\"in\\u0000prog\\u0007ress\"}");
		sandbox.inject("{\"kind\":\"STATUS_TEXT\",\"target\":\"STATUS\",\"count\":1,\"statusText\":\"" + "x".repeat(5000)
				+ "\"}");
		sandbox.inject("{\"kind\":\"NO_STATUS\",\"target\":\"STATUS\",\"count\":1}");

		assertThat(status(calls, callSid).rawStatus()).isEqualTo("in\uFFFDprog\uFFFDress");
		assertThat(status(calls, callSid).rawStatus()).hasSize(101).startsWith("xxx").endsWith("…");
		assertThat(calls.status(callSid)).isInstanceOfSatisfying(StatusResult.Unavailable.class,
				unavailable -> assertThat(unavailable.reason()).contains("without a status"));
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void aConnectionsMappedStringsMeanTheirStatusAfterTheDocumentedOnesAndTheAnswerIsKept(Dialect dialect) {
		StatusMapping mapping = StatusMapping.of(Map.of("voicemail", new StatusMapping.Target(CallStatus.NO_ANSWER, null),
				"agent-transfer", new StatusMapping.Target(CallStatus.IN_PROGRESS, null)));
		ProviderSettings base = settings(dialect, sandbox.url(), "token", "agent-1", "acc");
		HttpOutboundCalls calls = calls(base.withEndpoint(new ProviderEndpoint(dialect, sandbox.url(), "token",
				"agent-1", "acc", "proj", null, mapping)));
		HttpOutboundCalls unmapped = calls(base);
		String callSid = ((TriggerResult.Accepted) calls.trigger(CallRequest.to(NUMBER))).callSid();
		sandbox.inject("{\"kind\":\"STATUS_TEXT\",\"target\":\"STATUS\",\"count\":2,\"statusText\":\"voicemail\"}");

		StatusResult.Observed voicemail = status(calls, callSid);
		assertThat(voicemail.status()).isEqualTo(CallStatus.NO_ANSWER);
		assertThat(voicemail.rawStatus()).isEqualTo("voicemail");
		assertThat(voicemail.rawAnswer()).contains("\"voicemail\"").contains(callSid);
		assertThat(status(unmapped, callSid).status()).isEqualTo(CallStatus.UNRECOGNISED);

		sandbox.inject("{\"kind\":\"STATUS_TEXT\",\"target\":\"STATUS\",\"count\":1,\"statusText\":\"Voicemail\"}");
		assertThat(status(calls, callSid).status()).as("matched exactly").isEqualTo(CallStatus.UNRECOGNISED);
		sandbox.inject("{\"kind\":\"STATUS_TEXT\",\"target\":\"STATUS\",\"count\":1,\"statusText\":\"agent-transfer\"}");
		assertThat(status(calls, callSid).status()).isEqualTo(CallStatus.IN_PROGRESS);
		// the sandbox's own answers keep their documented meaning
		sandbox.clock().advance(Duration.ofMinutes(10));
		StatusResult.Observed completed = status(calls, callSid);
		assertThat(completed.status()).isEqualTo(CallStatus.COMPLETED);
		assertThat(completed.durationSeconds()).isNull();
		assertThat(completed.endedAt()).isNull();
	}

	@Test
	void aStatusAnswerIsKeptAtMostFourKilobytes() {
		HttpOutboundCalls calls = calls(Dialect.PLATFORM_V1);
		String callSid = ((TriggerResult.Accepted) calls.trigger(CallRequest.to(NUMBER))).callSid();
		sandbox.inject("{\"kind\":\"OVERSIZED\",\"target\":\"STATUS\",\"count\":1,\"size\":20000}");

		assertThat(status(calls, callSid).rawAnswer()).hasSize(RawAnswer.MAX_LENGTH + 1).endsWith("…");
	}

	private static StatusResult.Observed status(HttpOutboundCalls calls, String callSid) {
		StatusResult result = calls.status(callSid);
		assertThat(result).isInstanceOf(StatusResult.Observed.class);
		return (StatusResult.Observed) result;
	}

	private static HttpOutboundCalls calls(Dialect dialect) {
		return calls(settings(dialect, sandbox.url(), "token", "agent-1", "acc"));
	}

	private static ProviderSettings settings(Dialect dialect, String baseUrl, String token, String agentId,
			String accountId) {
		return new ProviderSettings(dialect, baseUrl, token, agentId, "live", accountId, "proj",
				"/v1/agents/{agentId}/telephony/outbound-calls/{callSid}", Duration.ofHours(2), Duration.ofSeconds(1),
				Duration.ofMillis(1500), Duration.ofSeconds(1), Duration.ofMinutes(5),
				org.springframework.util.unit.DataSize.ofKilobytes(64), null);
	}

	private static HttpOutboundCalls calls(ProviderSettings settings) {
		return calls(settings, null);
	}

	private static HttpOutboundCalls calls(ProviderSettings settings, TargetCheck targets) {
		RetryConfig retry = RetryConfig.custom()
			.maxAttempts(3)
			.intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(10), 2, 0.5))
			.retryExceptions(ProviderUnavailable.class)
			.build();
		CircuitBreakerConfig breaker = CircuitBreakerConfig.custom()
			.slidingWindowSize(6)
			.minimumNumberOfCalls(6)
			.failureRateThreshold(50)
			.waitDurationInOpenState(Duration.ofHours(1))
			.recordExceptions(ProviderUnavailable.class, ProviderOutcomeUnknown.class)
			.build();
		HttpOutboundCalls.Resilience resilience = new HttpOutboundCalls.Resilience(Retry.of("trigger", retry),
				CircuitBreaker.of("polyai-trigger", breaker), Retry.of("status", retry),
				CircuitBreaker.of("polyai-status", breaker));
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(settings.connectTimeout())
			.build();
		return new HttpOutboundCalls(DialectProtocol.of(settings), settings, () -> URI.create(settings.baseUrl()),
				client, JsonMapper.builder().build(), resilience, new SimpleMeterRegistry(), sandbox.clock(), targets);
	}

}
