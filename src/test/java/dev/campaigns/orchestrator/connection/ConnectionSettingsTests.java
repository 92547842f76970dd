package dev.campaigns.orchestrator.connection;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.campaigns.orchestrator.connection.ConnectionSettings.InvalidConnectionSetting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code orchestrator.connections.*} settings, bound as the application binds them. */
class ConnectionSettingsTests {

	private static final String PREFIX = "orchestrator.connections.";

	static final String KEY_A = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

	static final String KEY_B = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes());

	@Test
	void withoutKeysTheServiceRunsButCannotStoreConnections() {
		ConnectionSettings settings = bind(Map.of());

		assertThat(settings.configured()).isFalse();
		assertThat(settings.keys()).isEmpty();
		assertThat(settings.allowLoopbackHttp()).isFalse();
		assertThat(settings.internalTargets()).isEmpty();
	}

	@Test
	void loopbackHttpAlsoAllowsLoopbackTargetsBesideTheListedOnes() {
		ConnectionSettings settings = bind(Map.of(PREFIX + "allow-loopback-http", "true",
				PREFIX + "allowed-internal-targets[0]", "10.20.0.0/16", PREFIX + "allowed-internal-targets[1]",
				"pbx.internal"));

		assertThat(settings.internalTargets()).containsExactly("10.20.0.0/16", "pbx.internal", "127.0.0.0/8", "::1");
		assertThat(bind(Map.of(PREFIX + "allowed-internal-targets", "10.20.0.0/16")).internalTargets())
			.containsExactly("10.20.0.0/16");
	}

	@Test
	void keysAreDecodedAndTheActiveOneChosen() {
		ConnectionSettings settings = bind(Map.of(PREFIX + "encryption-keys.a", KEY_A,
				PREFIX + "encryption-keys.b", KEY_B, PREFIX + "active-key", "b"));

		assertThat(settings.configured()).isTrue();
		assertThat(settings.activeKey()).isEqualTo("b");
		assertThat(settings.keys()).containsOnlyKeys("a", "b");
		assertThat(settings.keys().get("a")).hasSize(32);
	}

	@Test
	void toStringNamesTheKeyIdsButNeverTheKeys() {
		ConnectionSettings settings = bind(Map.of(PREFIX + "encryption-keys.a", KEY_A, PREFIX + "active-key", "a"));

		assertThat(settings.toString()).contains("a").doesNotContain(KEY_A);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			active-key=a                                    | active-key
			encryption-keys.a=KEYA                          | active-key
			encryption-keys.a=KEYA,active-key=b             | active-key
			allowed-internal-targets[0]=10.0.0.0/33         | allowed-internal-targets
			allowed-internal-targets[0]=http://intranet/    | allowed-internal-targets
			encryption-keys.a=c2hvcnQ=,active-key=a          | encryption-keys.a
			encryption-keys.a=not base64!,active-key=a      | encryption-keys.a
			encryption-keys.a=KEYAKEYA,active-key=a         | encryption-keys.a
			""")
	void aSettingThatCannotWorkIsRefusedWithItsPropertysName(String settings, String property) {
		Map<String, String> properties = new HashMap<>();
		for (String setting : settings.split(",")) {
			String[] nameAndValue = setting.split("=", 2);
			properties.put(PREFIX + nameAndValue[0], nameAndValue[1].replace("KEYA", KEY_A).replace("KEYAKEYA",
					KEY_A + KEY_A));
		}

		assertThatThrownBy(() -> bind(properties)).isInstanceOf(BindException.class)
			.rootCause()
			.isInstanceOfSatisfying(InvalidConnectionSetting.class, invalid -> {
				assertThat(invalid.property()).isEqualTo(PREFIX + property);
				assertThat(invalid.getMessage()).doesNotContain(KEY_A);
			});
	}

	@Test
	void aKeyIdOfAnotherShapeIsRefused() {
		assertThatThrownBy(() -> new ConnectionSettings(Map.of("a b", KEY_A), "a b", false, List.of()))
			.isInstanceOfSatisfying(InvalidConnectionSetting.class,
					invalid -> assertThat(invalid.property()).isEqualTo(PREFIX + "encryption-keys"));
	}

	private static ConnectionSettings bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("orchestrator.connections",
				ConnectionSettings.class);
	}

}
