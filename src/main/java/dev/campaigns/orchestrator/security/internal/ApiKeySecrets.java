package dev.campaigns.orchestrator.security.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The shape of an API key and what is kept of it. A key is {@code co_} and 32 random bytes
 * in unpadded base64url; the database keeps its SHA-256 (to find it) and its first
 * characters (to recognise it in a listing), never the key. A fast unsalted hash is enough
 * because generated keys carry 256 random bits: there is nothing to guess, and an
 * unsalted hash can be looked up directly.
 */
public final class ApiKeySecrets {

	static final String PREFIX = "co_";

	static final int RANDOM_BYTES = 32;

	/** How many leading characters of a key are stored to recognise it. */
	static final int SHOWN_CHARACTERS = 8;

	/** Longer bearer tokens are refused unread, so nobody makes us hash megabytes. */
	static final int LONGEST_ACCEPTED = 256;

	private static final Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();

	private ApiKeySecrets() {
	}

	/** A new key, e.g. {@code co_3q2-7wXw...} (46 characters). */
	public static String generate(SecureRandom random) {
		byte[] bytes = new byte[RANDOM_BYTES];
		random.nextBytes(bytes);
		return PREFIX + base64url.encodeToString(bytes);
	}

	/** The lowercase hex SHA-256 of the key's UTF-8 bytes, as stored in {@code api_key.key_hash}. */
	public static String hash(String key) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform has SHA-256", ex);
		}
	}

	/** The first characters of the key, kept so people can tell their keys apart. */
	public static String prefix(String key) {
		return key.substring(0, Math.min(SHOWN_CHARACTERS, key.length()));
	}

	/**
	 * Whether a bearer token could be a key at all: 1 to {@value #LONGEST_ACCEPTED} visible
	 * ASCII characters. Configured (bootstrap) keys need not be in the generated shape.
	 */
	public static boolean isPlausible(String token) {
		if (token.isEmpty() || token.length() > LONGEST_ACCEPTED) {
			return false;
		}
		return token.chars().allMatch((c) -> c > 0x20 && c < 0x7f);
	}

}
