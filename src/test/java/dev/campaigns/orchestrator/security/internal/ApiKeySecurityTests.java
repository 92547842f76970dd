package dev.campaigns.orchestrator.security.internal;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ApiKeySecurityTests {

	private final SecureRandom random = new SecureRandom();

	@Test
	void aKeyIsCoAnd32RandomBytesInUnpaddedBase64Url() {
		String key = ApiKeySecrets.generate(random);

		assertThat(key).hasSize(3 + 43).matches("co_[A-Za-z0-9_-]{43}");
		assertThat(Base64.getUrlDecoder().decode(key.substring(3))).hasSize(32);
	}

	@Test
	void keysDoNotRepeat() {
		Set<String> keys = new HashSet<>();
		for (int i = 0; i < 1_000; i++) {
			keys.add(ApiKeySecrets.generate(random));
		}
		assertThat(keys).hasSize(1_000);
	}

	@Test
	void theHashIsTheLowercaseHexSha256OfTheKey() {
		// the FIPS 180-2 test vector
		assertThat(ApiKeySecrets.hash("abc"))
			.isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
		String key = ApiKeySecrets.generate(random);
		assertThat(ApiKeySecrets.hash(key)).hasSize(64).matches("[0-9a-f]{64}").doesNotContain(key.substring(3));
	}

	@Test
	void theStoredPrefixIsTheFirstEightCharacters() {
		assertThat(ApiKeySecrets.prefix("co_AbCdEfGhIj")).isEqualTo("co_AbCdE");
		assertThat(ApiKeySecrets.prefix("short")).isEqualTo("short");
	}

	@Test
	void onlyVisibleAsciiTokensOfSaneLengthAreLookedUp() {
		assertThat(ApiKeySecrets.isPlausible(ApiKeySecrets.generate(random))).isTrue();
		assertThat(ApiKeySecrets.isPlausible("")).isFalse();
		assertThat(ApiKeySecrets.isPlausible("co_with space")).isFalse();
		assertThat(ApiKeySecrets.isPlausible("co_caf\u00e9")).isFalse();
		assertThat(ApiKeySecrets.isPlausible("x".repeat(257))).isFalse();
	}

	@Test
	void bootstrapKeysAreTakenFromEitherPropertyOnceEach() {
		assertThat(BootstrapAdminKeys.configuredKeys(null, " ")).isEmpty();
		String key = "co_0123456789abcdef";
		assertThat(BootstrapAdminKeys.configuredKeys(key, null)).containsExactly(key);
		assertThat(BootstrapAdminKeys.configuredKeys(null, key)).containsExactly(key);
		assertThat(BootstrapAdminKeys.configuredKeys("co_0123456789abcdef", " co_0123456789abcdef "))
			.containsExactly("co_0123456789abcdef");
		assertThat(BootstrapAdminKeys.configuredKeys("co_0123456789abcdef", "co_fedcba9876543210"))
			.containsExactly("co_0123456789abcdef", "co_fedcba9876543210");
	}

	@Test
	void aGuessableBootstrapKeyStopsTheStartWithoutRepeatingIt() {
		assertThatIllegalStateException().isThrownBy(() -> BootstrapAdminKeys.configuredKeys("admin", null))
			.withMessageContaining("16")
			.withMessageNotContaining("admin\"");
	}

}
