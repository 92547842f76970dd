package dev.campaigns.orchestrator.campaign;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Provider options for every call of a campaign; null means the deployment's default.
 *
 * @param environment agents-v1 environment: {@code sandbox}, {@code pre-release} or {@code live}
 * @param variantId agents-v1 variant
 * @param encryption {@code TLS/SRTP}, {@code TLS/RTP}, {@code UDP/SRTP} or {@code UDP/RTP}
 * @param connection the tenant's provider connection the campaign calls through; null for the
 * deployment's default connection. Fixed at creation.
 */
public record CallOptions(@Nullable String environment, @Nullable String variantId, @Nullable String encryption,
		@Nullable UUID connection) {

	public static final CallOptions DEFAULT = new CallOptions(null, null, null, null);

	/** Options on the default connection. */
	public CallOptions(@Nullable String environment, @Nullable String variantId, @Nullable String encryption) {
		this(environment, variantId, encryption, null);
	}

}
