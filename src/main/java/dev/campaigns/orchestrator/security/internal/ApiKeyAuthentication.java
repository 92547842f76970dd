package dev.campaigns.orchestrator.security.internal;

import java.util.List;
import java.util.Optional;

import dev.campaigns.orchestrator.security.Caller;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * An API key as Spring Security sees it: before authentication the bearer token alone; after,
 * the key's {@link Caller} as principal and its roles (their codes) as authorities. The token
 * is never kept once the key is known.
 */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

	private final @Nullable String token;

	private final @Nullable Caller caller;

	private ApiKeyAuthentication(String token) {
		super(List.of());
		this.token = token;
		this.caller = null;
		setAuthenticated(false);
	}

	private ApiKeyAuthentication(Caller caller) {
		super(RoleAuthorization.authorities(caller.roles()));
		this.token = null;
		this.caller = caller;
		super.setAuthenticated(true);
	}

	/** A bearer token still to be checked. */
	static ApiKeyAuthentication unauthenticated(String token) {
		return new ApiKeyAuthentication(token);
	}

	/** The active key behind a token. */
	static ApiKeyAuthentication authenticated(Caller caller) {
		return new ApiKeyAuthentication(caller);
	}

	/** The caller of the request this thread serves, if an API key authenticated it. */
	static Optional<Caller> currentCaller() {
		Authentication current = SecurityContextHolder.getContext().getAuthentication();
		return current != null && current.isAuthenticated() && current.getPrincipal() instanceof Caller caller
				? Optional.of(caller) : Optional.empty();
	}

	@Override
	public @Nullable String getCredentials() {
		return token;
	}

	@Override
	public @Nullable Object getPrincipal() {
		return caller;
	}

	@Override
	public String getName() {
		return caller == null ? "" : caller.keyId().toString();
	}

	@Override
	public void setAuthenticated(boolean authenticated) {
		if (authenticated) {
			throw new IllegalArgumentException("only ApiKeyAuthenticationProvider authenticates an API key");
		}
		super.setAuthenticated(false);
	}

}
