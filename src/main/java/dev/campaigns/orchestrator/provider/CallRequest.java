package dev.campaigns.orchestrator.provider;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One call to place.
 *
 * @param toNumber the number to dial, E.164 (or national format with {@code countryCode})
 * @param countryCode ISO 3166-1 alpha-2 code for a national-format number, else null
 * @param metadata string key/value pairs delivered to the agent as SIP headers
 * @param environment agents-v1 target environment ({@code sandbox}, {@code pre-release},
 * {@code live}); null for the configured default
 * @param variantId agents-v1 variant; null for the environment's default connector
 * @param encryption telephony encryption in the v1 spelling ({@code TLS/SRTP}, {@code TLS/RTP},
 * {@code UDP/SRTP}, {@code UDP/RTP}); null for the provider's default
 */
public record CallRequest(String toNumber, @Nullable String countryCode, Map<String, String> metadata,
		@Nullable String environment, @Nullable String variantId, @Nullable String encryption) {

	public CallRequest {
		metadata = Map.copyOf(metadata);
	}

	public static CallRequest to(String toNumber) {
		return new CallRequest(toNumber, null, Map.of(), null, null, null);
	}

	public CallRequest withMetadata(Map<String, String> metadata) {
		return new CallRequest(toNumber, countryCode, metadata, environment, variantId, encryption);
	}

	public CallRequest withOptions(@Nullable String environment, @Nullable String variantId,
			@Nullable String encryption) {
		return new CallRequest(toNumber, countryCode, metadata, environment, variantId, encryption);
	}

	public CallRequest withCountryCode(@Nullable String countryCode) {
		return new CallRequest(toNumber, countryCode, metadata, environment, variantId, encryption);
	}

}
