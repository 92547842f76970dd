package dev.campaigns.orchestrator.security.internal;

import java.io.IOException;
import java.util.Optional;

import dev.campaigns.orchestrator.security.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Lets a request under {@code /api} through only with {@code Authorization: Bearer <key>} of
 * an active key, and leaves its {@link Caller} in the request for
 * {@link RequiredRoleInterceptor} and controllers. Everything else (actuator, API docs, the
 * sandbox, the dashboard) is not looked at.
 */
class BearerAuthenticationFilter extends OncePerRequestFilter {

	static final String CALLER_ATTRIBUTE = Caller.class.getName();

	private static final String SCHEME = "Bearer ";

	private static final UrlPathHelper paths = new UrlPathHelper();

	private final ApiKeys apiKeys;

	BearerAuthenticationFilter(ApiKeys apiKeys) {
		this.apiKeys = apiKeys;
	}

	/** Whether the path (decoded, without context path and {@code ;} parameters) is under {@code /api}. */
	static boolean isApi(String path) {
		return path.equals("/api") || path.startsWith("/api/");
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !isApi(paths.getPathWithinApplication(request)) || CorsUtils.isPreFlightRequest(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || header.isBlank()) {
			Problems.unauthenticated(request, response, Problems.Unauthenticated.MISSING);
			return;
		}
		if (!header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
			Problems.unauthenticated(request, response, Problems.Unauthenticated.MALFORMED);
			return;
		}
		String token = header.substring(SCHEME.length()).trim();
		if (!ApiKeySecrets.isPlausible(token)) {
			Problems.unauthenticated(request, response, Problems.Unauthenticated.MALFORMED);
			return;
		}
		Optional<Caller> caller = apiKeys.authenticate(token);
		if (caller.isEmpty()) {
			Problems.unauthenticated(request, response, Problems.Unauthenticated.UNKNOWN);
			return;
		}
		request.setAttribute(CALLER_ATTRIBUTE, caller.get());
		chain.doFilter(request, response);
	}

}
