package dev.campaigns.orchestrator.security.internal;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/**
 * Authenticates a bearer token as an API key through {@link ApiKeys#authenticate}: hashes only,
 * a constant-time lookup, the cache, revocation and expiry are all there.
 */
class ApiKeyAuthenticationProvider implements AuthenticationProvider {

	private final ApiKeys apiKeys;

	ApiKeyAuthenticationProvider(ApiKeys apiKeys) {
		this.apiKeys = apiKeys;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String token = String.valueOf(authentication.getCredentials());
		return apiKeys.authenticate(token)
			.map(ApiKeyAuthentication::authenticated)
			.orElseThrow(() -> new BadCredentialsException("unknown, revoked or expired API key"));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return ApiKeyAuthentication.class.isAssignableFrom(authentication);
	}

}
