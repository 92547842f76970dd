package dev.campaigns.orchestrator.status.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

import dev.campaigns.orchestrator.campaign.Detection;
import dev.campaigns.orchestrator.status.AgentReport;
import org.jspecify.annotations.Nullable;

/**
 * An outcome report as the agent sent it, already validated. Two reports are the same when
 * their {@link #fingerprint()}s are: the same detection, disposition, instant to retry at
 * (whatever offset it was written with), notes and sequence.
 *
 * @param sequence the agent's counter for its reports of one call (0 when it sends none): a
 * stored report is replaced only by one with a higher sequence
 */
public record ReportedOutcome(Detection detection, @Nullable String disposition, @Nullable Instant retryAt,
		@Nullable String notes, int sequence) {

	/** What becomes of a report, given the call's stored one. */
	public enum Verdict {

		/** Stored: the call had no report, or this one has a higher sequence. */
		STORED,

		/** The stored report is this one: nothing changes. */
		SAME,

		/** Another report with the same or a higher sequence is stored: refused. */
		CONFLICT

	}

	/** The verdict on this report when the call holds {@code stored} (null: none) under {@code storedFingerprint}. */
	Verdict against(@Nullable AgentReport stored, @Nullable String storedFingerprint) {
		if (stored == null) {
			return Verdict.STORED;
		}
		if (fingerprint().equals(storedFingerprint)) {
			return Verdict.SAME;
		}
		return sequence > stored.sequence() ? Verdict.STORED : Verdict.CONFLICT;
	}

	/** A SHA-256 of the report's fields, each marked present or absent, so no two reports share one. */
	String fingerprint() {
		StringBuilder canonical = new StringBuilder().append(detection.name()).append('\n');
		field(canonical, disposition);
		field(canonical, retryAt == null ? null : retryAt.toString());
		field(canonical, notes);
		canonical.append(sequence);
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JVM has SHA-256", ex);
		}
	}

	private static void field(StringBuilder canonical, @Nullable String value) {
		// a length prefix keeps a separator inside a value from forging another split
		canonical.append(value == null ? "-" : value.length() + ":" + value).append('\n');
	}

}
