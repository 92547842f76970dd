package dev.campaigns.orchestrator.security.internal;

import java.io.IOException;
import java.util.Optional;


import dev.campaigns.orchestrator.security.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Keeps each API key to its request budget: a request under {@code /api} whose key has no slot
 * now is answered 429 with {@code Retry-After}, before any work is done for it. Runs in Spring
 * Security's chain right after {@link BearerKeyFilter} and reads the caller it authenticated; a
 * request without one is answered 401 later in the chain, so it is not looked at.
 */
class RequestRateLimitFilter extends OncePerRequestFilter {

	private static final UrlPathHelper paths = new UrlPathHelper();

	private final KeyRateLimiter limiter;

	RequestRateLimitFilter(KeyRateLimiter limiter) {
		this.limiter = limiter;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !ApiPaths.isApi(paths.getPathWithinApplication(request))
				|| CorsUtils.isPreFlightRequest(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<Caller> caller = ApiKeyAuthentication.currentCaller();
		if (caller.isPresent()) {
			KeyRateLimiter.Admission admission = limiter.admit(caller.get().keyId());
			if (!admission.admitted()) {
				Problems.rateLimited(request, response, admission.retryAfter());
				return;
			}
		}
		chain.doFilter(request, response);
	}

}
