package dev.campaigns.orchestrator.connection.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import dev.campaigns.orchestrator.connection.ConnectionSettings;
import dev.campaigns.orchestrator.connection.UnreadableCredential;

/**
 * AES-256-GCM for connection credentials: a random 12-byte IV per encryption, stored before the
 * ciphertext and its 16-byte tag; the key id and the connection id are the additional data, so a
 * ciphertext copied to another row or relabelled with another key id does not decrypt. New
 * credentials use the active key; any listed key decrypts (rotation).
 */
class CredentialCipher {

	private static final String TRANSFORMATION = "AES/GCM/NoPadding";

	private static final int IV_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final Map<String, byte[]> keys;

	private final String activeKey;

	private final SecureRandom random = new SecureRandom();

	CredentialCipher(ConnectionSettings settings) {
		this.keys = settings.keys();
		this.activeKey = settings.activeKey() == null ? "" : settings.activeKey();
	}

	/** A credential as stored: the id of its key and IV, ciphertext and tag. */
	record Sealed(String keyId, byte[] ciphertext) {

		@Override
		public String toString() {
			return "Sealed[keyId=" + keyId + "]";
		}

	}

	boolean configured() {
		return keys.containsKey(activeKey);
	}

	boolean canRead(String keyId) {
		return keys.containsKey(keyId);
	}

	/** Encrypts under the active key. */
	Sealed seal(UUID connection, String credential) {
		byte[] iv = new byte[IV_BYTES];
		random.nextBytes(iv);
		try {
			Cipher cipher = cipher(Cipher.ENCRYPT_MODE, activeKey, iv, connection);
			byte[] sealed = cipher.doFinal(credential.getBytes(StandardCharsets.UTF_8));
			return new Sealed(activeKey, ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	}

	/** @throws UnreadableCredential the key is not (or no longer) listed, or the ciphertext does not check */
	String open(UUID connection, Sealed sealed) {
		if (!canRead(sealed.keyId())) {
			throw new UnreadableCredential(connection, "its key '" + sealed.keyId() + "' is not configured");
		}
		byte[] stored = sealed.ciphertext();
		if (stored.length < IV_BYTES + TAG_BITS / 8) {
			throw new UnreadableCredential(connection, "the stored ciphertext is too short");
		}
		try {
			byte[] iv = Arrays.copyOfRange(stored, 0, IV_BYTES);
			Cipher cipher = cipher(Cipher.DECRYPT_MODE, sealed.keyId(), iv, connection);
			return new String(cipher.doFinal(stored, IV_BYTES, stored.length - IV_BYTES), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException ex) {
			throw new UnreadableCredential(connection, "it does not decrypt under key '" + sealed.keyId() + "'");
		}
	}

	private Cipher cipher(int mode, String keyId, byte[] iv, UUID connection) throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance(TRANSFORMATION);
		cipher.init(mode, new SecretKeySpec(keys.get(keyId), "AES"), new GCMParameterSpec(TAG_BITS, iv));
		cipher.updateAAD((keyId + "\n" + connection).getBytes(StandardCharsets.UTF_8));
		return cipher;
	}

}
