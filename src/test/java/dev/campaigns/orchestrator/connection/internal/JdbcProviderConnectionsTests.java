package dev.campaigns.orchestrator.connection.internal;

import java.time.Clock;
import java.util.Map;

import dev.campaigns.orchestrator.connection.ConnectionDraft;
import dev.campaigns.orchestrator.connection.ConnectionRefused;
import dev.campaigns.orchestrator.connection.ConnectionSettings;
import dev.campaigns.orchestrator.connection.InvalidConnection;
import dev.campaigns.orchestrator.provider.StatusMapping;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What is refused before anything is stored (the store is never reached: it is absent here). */
class JdbcProviderConnectionsTests {

	private static final ConnectionDraft VALID = new ConnectionDraft("uk", "outbound-calling-v1",
			"https://api.example.com", "token", null, null, null, null, null, null, null, null, true, StatusMapping.NONE);

	@Test
	void withoutAnEncryptionKeyAConnectionIsRefusedNotStoredInTheClear() {
		JdbcProviderConnections connections = new JdbcProviderConnections(null,
				new ConnectionSettings(Map.of(), null, false), Clock.systemUTC());

		assertThatThrownBy(() -> connections.create("t", VALID)).isInstanceOfSatisfying(ConnectionRefused.class,
				refused -> assertThat(refused.reason())
					.isEqualTo(ConnectionRefused.Reason.NOT_CONFIGURED));
	}

	@Test
	void anInvalidDraftIsRefusedBeforeTheKeyIsLookedFor() {
		JdbcProviderConnections connections = new JdbcProviderConnections(null,
				new ConnectionSettings(Map.of(), null, false), Clock.systemUTC());
		ConnectionDraft noName = new ConnectionDraft(null, "outbound-calling-v1", "https://api.example.com", "token",
				null, null, null, null, null, null, null, null, true, StatusMapping.NONE);

		assertThatThrownBy(() -> connections.create("t", noName)).isInstanceOf(InvalidConnection.class);
	}

}
