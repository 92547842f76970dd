package dev.campaigns.orchestrator.connection.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.campaigns.orchestrator.connection.ConnectionSettings;
import dev.campaigns.orchestrator.connection.UnreadableCredential;
import dev.campaigns.orchestrator.connection.internal.CredentialCipher.Sealed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class CredentialCipherTests {

	private static final String KEY_A = key("0123456789abcdef0123456789abcdef");

	private static final String KEY_B = key("fedcba9876543210fedcba9876543210");

	private static final UUID CONNECTION = UUID.fromString("6f1c2a44-0000-4000-8000-000000000001");

	private final CredentialCipher onlyA = cipher(Map.of("a", KEY_A), "a");

	@ParameterizedTest
	@ValueSource(strings = { "x", "pk_live_0123456789", "ünïcødé ✓", "a long credential with spaces and = signs" })
	void aCredentialComesBackAsWritten(String credential) {
		Sealed sealed = onlyA.seal(CONNECTION, credential);

		assertThat(sealed.keyId()).isEqualTo("a");
		byte[] plain = credential.getBytes(StandardCharsets.UTF_8);
		if (plain.length >= 4) {
			// a shorter one may stand in 28 random bytes by chance (a single "x": about one run in nine)
			assertThat(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1))
				.doesNotContain(new String(plain, StandardCharsets.ISO_8859_1));
		}
		assertThat(sealed.ciphertext()).hasSize(12 + credential.getBytes(StandardCharsets.UTF_8).length + 16);
		assertThat(onlyA.open(CONNECTION, sealed)).isEqualTo(credential);
	}

	@Test
	void eachEncryptionHasItsOwnIv() {
		assertThat(onlyA.seal(CONNECTION, "same").ciphertext()).isNotEqualTo(onlyA.seal(CONNECTION, "same").ciphertext());
	}

	@Test
	void aCiphertextMovedToAnotherConnectionDoesNotOpen() {
		Sealed sealed = onlyA.seal(CONNECTION, "secret");

		assertThatThrownBy(() -> onlyA.open(UUID.randomUUID(), sealed)).isInstanceOf(UnreadableCredential.class)
			.hasMessageNotContaining("secret");
	}

	@Test
	void aCiphertextRelabelledWithAnotherKeyIdDoesNotOpen() {
		CredentialCipher both = cipher(Map.of("a", KEY_A, "b", KEY_A), "a");
		Sealed sealed = both.seal(CONNECTION, "secret");

		assertThatThrownBy(() -> both.open(CONNECTION, new Sealed("b", sealed.ciphertext())))
			.isInstanceOf(UnreadableCredential.class);
	}

	@Test
	void anAlteredOrTruncatedCiphertextDoesNotOpen() {
		byte[] altered = onlyA.seal(CONNECTION, "secret").ciphertext();
		altered[14] ^= 1;

		assertThatThrownBy(() -> onlyA.open(CONNECTION, new Sealed("a", altered)))
			.isInstanceOf(UnreadableCredential.class);
		assertThatThrownBy(() -> onlyA.open(CONNECTION, new Sealed("a", new byte[20])))
			.isInstanceOf(UnreadableCredential.class);
	}

	@Test
	void afterRotationOldRowsStillOpenAndNewOnesUseTheActiveKey() {
		Sealed old = onlyA.seal(CONNECTION, "written under a");
		CredentialCipher rotated = cipher(Map.of("a", KEY_A, "b", KEY_B), "b");

		assertThat(rotated.open(CONNECTION, old)).isEqualTo("written under a");
		Sealed fresh = rotated.seal(CONNECTION, "written under b");
		assertThat(fresh.keyId()).isEqualTo("b");
		assertThat(rotated.open(CONNECTION, fresh)).isEqualTo("written under b");
		assertThatThrownBy(() -> onlyA.open(CONNECTION, fresh)).isInstanceOf(UnreadableCredential.class)
			.hasMessageContaining("key 'b' is not configured");
	}

	@Test
	void aRowWhoseKeyWasRemovedIsUnreadableNotAnError() {
		Sealed old = onlyA.seal(CONNECTION, "written under a");
		CredentialCipher withoutA = cipher(Map.of("b", KEY_B), "b");

		assertThat(withoutA.canRead("a")).isFalse();
		assertThatThrownBy(() -> withoutA.open(CONNECTION, old)).isInstanceOf(UnreadableCredential.class);
	}

	@Test
	void withoutKeysNothingCanBeSealed() {
		assertThat(cipher(Map.of(), null).configured()).isFalse();
		assertThat(onlyA.configured()).isTrue();
	}

	@Test
	void theSealedFormNeverShowsItsBytes() {
		assertThat(onlyA.seal(CONNECTION, "secret").toString()).isEqualTo("Sealed[keyId=a]");
	}

	@Test
	void aBadSettingReadsAsThePropertyAndWhatToDo() {
		Throwable invalid = catchThrowable(() -> new ConnectionSettings(Map.of("a", KEY_A), "b", false, List.of()));
		FailureAnalysis analysis = new InvalidConnectionSettingAnalyzer()
			.analyze(new IllegalStateException("Failed to bind properties under 'orchestrator.connections'", invalid));

		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).startsWith("The connection setting orchestrator.connections.active-key"
				+ " names a key that is not in");
		assertThat(analysis.getDescription()).doesNotContain(KEY_A);
		assertThat(analysis.getAction()).startsWith("Change orchestrator.connections.active-key");
	}

	private static CredentialCipher cipher(Map<String, String> keys, String active) {
		return new CredentialCipher(new ConnectionSettings(keys, active, false, List.of()));
	}

	private static String key(String text) {
		return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
	}

}
