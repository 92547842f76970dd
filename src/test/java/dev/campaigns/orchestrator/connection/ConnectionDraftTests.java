package dev.campaigns.orchestrator.connection;

import dev.campaigns.orchestrator.connection.ConnectionDraft.FieldViolation;
import dev.campaigns.orchestrator.provider.StatusMapping;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** What a connection must be before it is stored. */
class ConnectionDraftTests {

	private static final ConnectionDraft VALID = new ConnectionDraft("uk", "outbound-calling-v1",
			"https://api.uk-1.platform.polyai.app", "token", null, null, null, null, 5.0, 0, 10, 2.0, true,
			StatusMapping.NONE);

	@Test
	void aCompleteDraftIsValid() {
		assertThat(VALID.violations(true, false)).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
			http://api.example.com        | false | must be an https URL
			http://localhost:8080/sandbox | false | must be an https URL
			http://api.example.com        | true  | must be an https URL (http only to a loopback host)
			ftp://api.example.com         | false | must be an https URL
			/relative                     | false | must be an absolute https URL with a host
			https://u:p@api.example.com   | false | must not carry user info; the credential is a field of its own
			https://api.example.com/?a=1  | false | must not have a query or a fragment
			NULL                          | false | is required: an absolute https URL
			""")
	void theBaseUrlIsAnAbsoluteHttpsUrl(String url, boolean allowLoopbackHttp, String reason) {
		ConnectionDraft draft = withUrl(url);

		assertThat(draft.violations(true, allowLoopbackHttp)).containsExactly(new FieldViolation("baseUrl", reason));
	}

	@ParameterizedTest
	@CsvSource({ "http://localhost:8080/sandbox/polyai", "http://127.0.0.1:9", "http://[::1]:80/x" })
	void httpToALoopbackHostIsAllowedOnlyWhenConfigured(String url) {
		assertThat(withUrl(url).violations(true, true)).isEmpty();
		assertThat(withUrl(url).violations(true, false)).extracting(FieldViolation::field).containsExactly("baseUrl");
	}

	@Test
	void everyBrokenFieldIsNamed() {
		ConnectionDraft draft = new ConnectionDraft(" ", "v2", null, null, null, null, null, "", 0.0, -1, 0,
				Double.NaN, true, StatusMapping.NONE);

		assertThat(draft.violations(true, false)).extracting(FieldViolation::field)
			.containsExactly("name", "dialect", "baseUrl", "credential", "environment", "callsPerSecond",
					"statusRequestsPerSecond", "burst", "maxConcurrentCalls");
	}

	@Test
	void aNameIsAtMostOneHundredCharacters() {
		assertThat(withName("n".repeat(100)).violations(true, false)).isEmpty();
		assertThat(withName("n".repeat(101)).violations(true, false))
			.containsExactly(new FieldViolation("name", "must be at most 100 characters"));
	}

	@Test
	void eachDialectNeedsItsIds() {
		ConnectionDraft agents = new ConnectionDraft("a", "agents-v1", VALID.baseUrl(), "key", null, null, null, null,
				null, null, null, null, true, StatusMapping.NONE);
		ConnectionDraft platform = new ConnectionDraft("p", "platform-v1", VALID.baseUrl(), "connector", null, null,
				null, null, null, null, null, null, true, StatusMapping.NONE);

		assertThat(agents.violations(true, false)).extracting(FieldViolation::field).containsExactly("agentId");
		assertThat(platform.violations(true, false)).extracting(FieldViolation::field)
			.containsExactly("accountId", "projectId");
	}

	@Test
	void anUpdateMayKeepTheStoredCredential() {
		ConnectionDraft kept = new ConnectionDraft("uk", "outbound-calling-v1", VALID.baseUrl(), null, null, null, null,
				null, null, null, null, null, true, StatusMapping.NONE);

		assertThat(kept.violations(false, false)).isEmpty();
		assertThat(kept.violations(true, false)).extracting(FieldViolation::field).containsExactly("credential");
	}

	@Test
	void toStringNeverShowsTheCredential() {
		assertThat(VALID.toString()).doesNotContain("token").contains("credential=(hidden)");
		assertThat(new ConnectionDraft("uk", null, null, null, null, null, null, null, null, null, null, null, true, StatusMapping.NONE).toString()).contains("credential=unchanged");
	}

	private static ConnectionDraft withUrl(String url) {
		return new ConnectionDraft("uk", "outbound-calling-v1", url, "token", null, null, null, null, null, null, null,
				null, true, StatusMapping.NONE);
	}

	private static ConnectionDraft withName(String name) {
		return new ConnectionDraft(name, "outbound-calling-v1", VALID.baseUrl(), "token", null, null, null, null, null,
				null, null, null, true, StatusMapping.NONE);
	}

	@Test
	void aStatusMappingIsCheckedAgainstTheDraftsDialect() {
		StatusMapping busy = StatusMapping.of(java.util.Map.of("busy", new StatusMapping.Target(
				dev.campaigns.orchestrator.provider.CallStatus.FAILED, null)));
		ConnectionDraft v1 = new ConnectionDraft("uk", "outbound-calling-v1", "https://api.example.com", "token", null,
				null, null, null, null, null, null, null, true, busy);
		ConnectionDraft platform = new ConnectionDraft("uk", "platform-v1", "https://api.example.com", "token", null,
				"acc", "proj", null, null, null, null, null, true, busy);

		assertThat(v1.violations(true, false)).isEmpty();
		assertThat(platform.violations(true, false)).containsExactly(new FieldViolation("statusMapping",
				"'busy' is documented by the dialect as BUSY: its meaning cannot be changed"));
	}

}
