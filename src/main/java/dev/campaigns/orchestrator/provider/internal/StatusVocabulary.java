package dev.campaigns.orchestrator.provider.internal;

import java.util.Locale;
import java.util.Map;

import dev.campaigns.orchestrator.provider.CallStatus;
import dev.campaigns.orchestrator.provider.Dialect;
import dev.campaigns.orchestrator.provider.StatusMapping;

/**
 * A dialect's documented status strings and what they mean canonically. Lookups ignore case
 * and treat {@code _} like {@code -} (the docs spell the same status both ways); a string
 * the dialect does not document is {@link CallStatus#UNRECOGNISED}, and the caller keeps it
 * verbatim. Public for {@link StatusMapping} only, which refuses to remap a documented string.
 */
public record StatusVocabulary(Map<String, CallStatus> meanings) {

	/** outbound-calling-v1 (docs 000, 003, 004): {@code failure} is "failed or not answered". */
	static final StatusVocabulary OUTBOUND_CALLING_V1 = new StatusVocabulary(Map.of("queued", CallStatus.QUEUED,
			"calling", CallStatus.RINGING, "success", CallStatus.COMPLETED, "failure", CallStatus.FAILED));

	/** platform-v1 (doc 002). */
	static final StatusVocabulary PLATFORM_V1 = new StatusVocabulary(Map.of("created", CallStatus.QUEUED, "queued",
			CallStatus.QUEUED, "ringing", CallStatus.RINGING, "in-progress", CallStatus.IN_PROGRESS, "completed",
			CallStatus.COMPLETED, "failed", CallStatus.FAILED, "no-answer", CallStatus.NO_ANSWER, "busy",
			CallStatus.BUSY, "cancelled", CallStatus.CANCELLED));

	/**
	 * agents-v1 (doc 001) documents only {@code QUEUED}; the rest is the platform's set in the
	 * agents API's upper case, which is what its status endpoint is expected to answer.
	 */
	static final StatusVocabulary AGENTS_V1 = PLATFORM_V1;

	public StatusVocabulary {
		meanings = Map.copyOf(meanings);
	}

	/** The documented strings of {@code dialect}. */
	public static StatusVocabulary of(Dialect dialect) {
		return switch (dialect) {
			case OUTBOUND_CALLING_V1 -> OUTBOUND_CALLING_V1;
			case AGENTS_V1 -> AGENTS_V1;
			case PLATFORM_V1 -> PLATFORM_V1;
		};
	}

	/** What {@code raw} means as documented; {@link CallStatus#UNRECOGNISED} when it is not. */
	public CallStatus meaning(String raw) {
		return meanings.getOrDefault(normalise(raw), CallStatus.UNRECOGNISED);
	}

	/**
	 * What {@code raw} means on a connection with {@code mapping}: the documented meaning first,
	 * then the mapping's for exactly this string, else {@link CallStatus#UNRECOGNISED}.
	 */
	CallStatus meaning(String raw, StatusMapping mapping) {
		CallStatus documented = meaning(raw);
		if (documented != CallStatus.UNRECOGNISED) {
			return documented;
		}
		CallStatus mapped = mapping.meaning(raw);
		return mapped != null ? mapped : CallStatus.UNRECOGNISED;
	}

	private static String normalise(String raw) {
		return raw.trim().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
