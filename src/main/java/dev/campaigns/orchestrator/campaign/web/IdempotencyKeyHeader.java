package dev.campaigns.orchestrator.campaign.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import dev.campaigns.orchestrator.campaign.FieldError;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Idempotency-Key} of a create or an append, and the hash that tells whether a
 * request repeating a key is the same request: the SHA-256 of what besides the body sets it
 * apart (an append's campaign and {@code onDuplicate}), then of the body.
 */
final class IdempotencyKeyHeader {

	static final String NAME = "Idempotency-Key";

	private IdempotencyKeyHeader() {
	}

	/** The key as given, or null without one; blank or longer than 255 characters is refused by name. */
	static @Nullable String checked(@Nullable String key) {
		if (key != null && (key.isBlank() || key.length() > 255)) {
			throw new MalformedRequest(List.of(FieldError.ofCampaign(NAME, "must be 1 to 255 characters")));
		}
		return key;
	}

	/** A digest begun with {@code parts}, each ended by a NUL so that no two lists read alike; the body follows. */
	static MessageDigest digest(String... parts) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (String part : parts) {
				digest.update(part.getBytes(StandardCharsets.UTF_8));
				digest.update((byte) 0);
			}
			return digest;
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String hex(MessageDigest digest) {
		return HexFormat.of().formatHex(digest.digest());
	}

}
