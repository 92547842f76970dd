package dev.campaigns.sandbox;

import java.time.Duration;
import java.util.List;

import dev.campaigns.testsupport.SandboxServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code orchestrator.sandbox.connections}: how the settings check it, and which credential is
 * served on which agent or project.
 */
class SandboxConnectionsTests {

	private static final CallScope AGENT_A = CallScope.agent("agent-a");

	private static final CallScope AGENT_B = CallScope.agent("agent-b");

	private static final CallScope PROJECT_1 = CallScope.project("acc-1", "proj-1");

	private static final CallScope PROJECT_2 = CallScope.project("acc-1", "proj-2");

	@Test
	void connectionsBindFromIndexedPropertiesAndDefaultToNone() {
		SandboxSettings settings = SandboxFixtures.settings("connections[0].credential=key-a",
				"connections[0].agent-id=agent-a", "connections[1].credential=connector",
				"connections[1].account-id=acc-1", "connections[1].project-id=proj-1");

		assertThat(settings.connections()).containsExactly(
				new SandboxSettings.Connection("key-a", "agent-a", null, null),
				new SandboxSettings.Connection("connector", null, "acc-1", "proj-1"));
		assertThat(SandboxSettings.defaults().connections()).isEmpty();
	}

	@Test
	void settingsRefuseAConnectionWithoutACredentialNamingTheEntry() {
		record Case(String name, String[] properties, String property) {
		}
		List<Case> cases = List.of(
				new Case("blank", new String[] { "connections[0].credential=x", "connections[1].credential= " },
						"orchestrator.sandbox.connections[1].credential"),
				new Case("empty", new String[] { "connections[0].credential=" },
						"orchestrator.sandbox.connections[0].credential"),
				new Case("missing", new String[] { "connections[0].agent-id=agent-a" },
						"orchestrator.sandbox.connections[0].credential"));

		for (Case refused : cases) {
			assertThatThrownBy(() -> SandboxFixtures.settings(refused.properties())).as(refused.name())
				.rootCause()
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining(refused.property());
		}
	}

	@Test
	void settingsRefuseTheSingleCredentialSettingsTogetherWithConnections() {
		for (String single : List.of("auth-token", "agent-id", "account-id", "project-id")) {
			assertThatThrownBy(() -> SandboxFixtures.settings("connections[0].credential=x", single + "=y"))
				.as(single)
				.rootCause()
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("orchestrator.sandbox." + single)
				.hasMessageContaining("orchestrator.sandbox.connections");
		}
		assertThatIllegalArgumentException().isThrownBy(() -> settings("token", List.of(connection("x", null))))
			.withMessageContaining("orchestrator.sandbox.auth-token");
	}

	@Test
	void eachCredentialIsServedOnlyOnItsOwnEntrysAgentOrProject() {
		SandboxConnections connections = new SandboxConnections(settings(null,
				List.of(connection("key-a", "agent-a"), connection("key-b", "agent-b"),
						new SandboxSettings.Connection("connector-1", null, "acc-1", "proj-1"),
						new SandboxSettings.Connection("connector-2", null, "acc-1", "proj-2"))));

		assertThat(connections.refusal(Dialect.AGENTS_V1, AGENT_A, "key-a")).isNull();
		assertThat(connections.refusal(Dialect.AGENTS_V1, AGENT_B, "key-b")).isNull();
		assertThat(connections.refusal(Dialect.PLATFORM_V1, PROJECT_1, "connector-1")).isNull();
		assertThat(connections.refusal(Dialect.PLATFORM_V1, PROJECT_2, "connector-2")).isNull();
		assertThat(status(connections.refusal(Dialect.AGENTS_V1, AGENT_B, "key-a"))).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(status(connections.refusal(Dialect.PLATFORM_V1, PROJECT_2, "connector-1")))
			.isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(status(connections.refusal(Dialect.AGENTS_V1, AGENT_A, "key-c")))
			.isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(status(connections.refusal(Dialect.AGENTS_V1, AGENT_A, null))).isEqualTo(HttpStatus.UNAUTHORIZED);
		// outbound-calling-v1 names no agent or project, so every known credential is served
		assertThat(connections.refusal(Dialect.OUTBOUND_CALLING_V1, CallScope.NONE, "key-a")).isNull();
	}

	@Test
	void aCredentialListedTwiceServesBothEntries() {
		SandboxConnections connections = new SandboxConnections(
				settings(null, List.of(connection("shared", "agent-a"), connection("shared", "agent-b"))));

		assertThat(connections.refusal(Dialect.AGENTS_V1, AGENT_A, "shared")).isNull();
		assertThat(connections.refusal(Dialect.AGENTS_V1, AGENT_B, "shared")).isNull();
		assertThat(status(connections.refusal(Dialect.AGENTS_V1, CallScope.agent("agent-c"), "shared")))
			.isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void withoutConnectionsTheSingleCredentialSettingsDecide() {
		SandboxConnections anyCredential = new SandboxConnections(SandboxFixtures.settings("agent-id=agent-a"));
		SandboxConnections oneToken = new SandboxConnections(SandboxFixtures.settings("auth-token=token"));

		assertThat(anyCredential.refusal(Dialect.AGENTS_V1, AGENT_A, "anything")).isNull();
		assertThat(status(anyCredential.refusal(Dialect.AGENTS_V1, AGENT_B, "anything")))
			.isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(status(anyCredential.refusal(Dialect.AGENTS_V1, AGENT_A, " "))).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(oneToken.refusal(Dialect.PLATFORM_V1, PROJECT_2, "token")).isNull();
		assertThat(status(oneToken.refusal(Dialect.PLATFORM_V1, PROJECT_2, "other")))
			.isEqualTo(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void theFingerprintIsTheStartOfTheCredentialsSha256() {
		// echo -n sandbox-secret | sha256sum
		assertThat(SandboxConnections.fingerprint("sandbox-secret")).isEqualTo("47b92e12cf09");
		assertThat(SandboxConnections.fingerprint("key-a")).isEqualTo(SandboxServer.credentialFingerprint("key-a"))
			.isNotEqualTo(SandboxConnections.fingerprint("key-b"));
	}

	private static @Nullable HttpStatus status(@Nullable Rejection rejection) {
		return (rejection != null) ? rejection.status() : null;
	}

	private static SandboxSettings.Connection connection(String credential, @Nullable String agentId) {
		return new SandboxSettings.Connection(credential, agentId, null, null);
	}

	private static SandboxSettings settings(@Nullable String authToken, List<SandboxSettings.Connection> connections) {
		SandboxSettings defaults = SandboxSettings.defaults();
		return new SandboxSettings(true, defaults.retention(), defaults.outcomes(), defaults.queueTime(),
				defaults.ringTime(), defaults.talkTime(), defaults.talkTimeJitter(), defaults.errorRate(), null,
				authToken, null, null, null, connections, defaults.dropHold(), null,
				defaults.detectionTime(), null);
	}

}
