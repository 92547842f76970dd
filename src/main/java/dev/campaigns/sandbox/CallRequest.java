package dev.campaigns.sandbox;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A trigger body that passed validation, in dialect-neutral terms.
 *
 * @param toNumber the number as the client sent it
 * @param countryCode the ISO 3166-1 alpha-2 region the client named, if any
 * @param dialledNumber the number in E.164, as it would be dialled
 * @param metadata the string-valued metadata, in the client's key order
 * @param encryption the encryption mode, spelled as the dialect spells it
 * @param environment the agent environment (agents API only)
 * @param variantId the agent variant (agents API only, optional)
 */
record CallRequest(String toNumber, @Nullable String countryCode, String dialledNumber, Map<String, String> metadata,
		String encryption, @Nullable String environment, @Nullable String variantId) implements TriggerCheck {

}
