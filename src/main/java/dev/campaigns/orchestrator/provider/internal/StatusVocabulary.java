package dev.campaigns.orchestrator.provider.internal;

import java.util.Locale;
import java.util.Map;

import dev.campaigns.orchestrator.provider.CallStatus;

/**
 * A dialect's documented status strings and what they mean canonically. Lookups ignore case
 * and treat {@code _} like {@code -} (the docs spell the same status both ways); a string
 * the dialect does not document is {@link CallStatus#UNRECOGNISED}, and the caller keeps it
 * verbatim.
 */
record StatusVocabulary(Map<String, CallStatus> meanings) {

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

	StatusVocabulary {
		meanings = Map.copyOf(meanings);
	}

	CallStatus meaning(String raw) {
		return meanings.getOrDefault(normalise(raw), CallStatus.UNRECOGNISED);
	}

	private static String normalise(String raw) {
		return raw.trim().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
