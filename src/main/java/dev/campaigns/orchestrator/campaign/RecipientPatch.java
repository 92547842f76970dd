package dev.campaigns.orchestrator.campaign;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A change to one recipient not yet done, as a JSON merge patch (RFC 7396) reads: a field
 * absent (null here) stays as it is; a field given ({@link Given}) is set to its value, and a
 * value of {@code null} clears it ({@code notBefore}, {@code notAfter}, {@code timeZone},
 * {@code countryCode}). {@code metadata} merges key by key: a key given a string is set, a key
 * given {@code null} is removed, the others stay; {@code metadata: null} removes them all.
 * Values are kept as parsed, so that validation reports one of the wrong type.
 */
public record RecipientPatch(@Nullable Given<String> phoneNumber, @Nullable Given<String> countryCode,
		@Nullable Given<String> timeZone, @Nullable Given<String> notBefore, @Nullable Given<String> notAfter,
		@Nullable Given<Map<String, @Nullable Object>> metadata) {

	/** A field the patch names, with its value (null: clear it). */
	public record Given<T>(@Nullable T value) {
	}

}
