package dev.campaigns.orchestrator.connection.internal;

import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import dev.campaigns.orchestrator.connection.ConnectionDraft;
import dev.campaigns.orchestrator.connection.ConnectionRefused;
import dev.campaigns.orchestrator.connection.ConnectionSettings;
import dev.campaigns.orchestrator.connection.InvalidConnection;
import dev.campaigns.orchestrator.net.HostResolver;
import dev.campaigns.orchestrator.net.TargetCheck;
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
		JdbcProviderConnections connections = connections();

		assertThatThrownBy(() -> connections.create("t", VALID)).isInstanceOfSatisfying(ConnectionRefused.class,
				refused -> assertThat(refused.reason())
					.isEqualTo(ConnectionRefused.Reason.NOT_CONFIGURED));
	}

	@Test
	void anInvalidDraftIsRefusedBeforeTheKeyIsLookedFor() {
		JdbcProviderConnections connections = connections();
		ConnectionDraft noName = new ConnectionDraft(null, "outbound-calling-v1", "https://api.example.com", "token",
				null, null, null, null, null, null, null, null, true, StatusMapping.NONE);

		assertThatThrownBy(() -> connections.create("t", noName)).isInstanceOf(InvalidConnection.class);
	}

	@Test
	void aBaseUrlThatReachesAnInternalAddressIsRefusedNamingTheField() {
		ConnectionDraft internal = new ConnectionDraft("uk", "outbound-calling-v1", "https://intranet.example.com/",
				"token", null, null, null, null, null, null, null, null, true, StatusMapping.NONE);

		assertThatThrownBy(() -> connections().create("t", internal)).isInstanceOfSatisfying(
				InvalidConnection.class, invalid -> assertThat(invalid.violations()).containsExactly(
						new ConnectionDraft.FieldViolation("baseUrl",
								"must reach a public address: its host resolves to a private address")));
	}

	/** No store and no key: whatever reaches them was not refused before. */
	private static JdbcProviderConnections connections() {
		HostResolver dns = host -> List.of(InetAddress.getByAddress(host.equals("intranet.example.com")
				? new byte[] { 10, 1, 2, 3 } : new byte[] { 93, (byte) 184, (byte) 216, 34 }));
		return new JdbcProviderConnections(null, new ConnectionSettings(Map.of(), null, false, List.of()),
				new TargetCheck(dns, List.of()), Clock.systemUTC());
	}

}
