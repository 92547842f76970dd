package dev.campaigns.orchestrator.notify.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * How deliveries are signed: {@code v1=} and the hex HMAC-SHA256 of
 * {@code "<timestamp>.<body>"}, keyed with the secret's characters as shown to the client
 * (not decoded). During a rotation one {@code v1=} value per valid secret, space-separated.
 */
final class WebhookSignature {

	private static final SecureRandom random = new SecureRandom();

	private WebhookSignature() {
	}

	/** A new secret: 32 random bytes, base64url without padding. */
	static String newSecret() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** The hex HMAC-SHA256 of {@code "<timestamp>.<body>"} with {@code secret}. */
	static String sign(String secret, long timestamp, String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
		}
	}

	/** The {@code Webhook-Signature} header: the current secret's signature first. */
	static String header(String secret, @Nullable String previousSecret, long timestamp, String body) {
		List<String> values = new ArrayList<>(2);
		values.add("v1=" + sign(secret, timestamp, body));
		if (previousSecret != null) {
			values.add("v1=" + sign(previousSecret, timestamp, body));
		}
		return String.join(" ", values);
	}

}
