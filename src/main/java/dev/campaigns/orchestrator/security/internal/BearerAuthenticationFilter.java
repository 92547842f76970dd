package dev.campaigns.orchestrator.security.internal;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import dev.campaigns.orchestrator.security.Caller;
import dev.campaigns.orchestrator.security.Role;
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
 * {@link RequiredRoleInterceptor} and controllers. The management endpoints (under the
 * actuator's base path, {@code /actuator}) need such a key with the {@link Role#PLATFORM_ADMIN} role,
 * checked here since no interceptor sees them; only health (and its probe groups) stays open.
 * Everything else (API docs, the sandbox, the dashboard) is not looked at.
 */
class BearerAuthenticationFilter extends OncePerRequestFilter {

	static final String CALLER_ATTRIBUTE = Caller.class.getName();

	private static final String SCHEME = "Bearer ";

	private static final UrlPathHelper paths = new UrlPathHelper();

	private final ApiKeys apiKeys;

	private final String management;

	/**
	 * @param management the actuator's base path ({@code management.endpoints.web.base-path},
	 * {@code /actuator} by default)
	 */
	BearerAuthenticationFilter(ApiKeys apiKeys, String management) {
		this.apiKeys = apiKeys;
		this.management = management;
	}

	/** Whether the path (decoded, without context path and {@code ;} parameters) is under {@code /api}. */
	static boolean isApi(String path) {
		return isUnder(path, "/api");
	}

	/** Whether the path is a management endpoint other than health, so admins only. */
	static boolean isGuardedManagement(String path, String management) {
		return isUnder(path, management) && !isUnder(path, management + "/health");
	}

	private static boolean isUnder(String path, String base) {
		return path.equals(base) || path.startsWith(base + "/");
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = paths.getPathWithinApplication(request);
		return !(isApi(path) || isGuardedManagement(path, management)) || CorsUtils.isPreFlightRequest(request);
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
		if (isGuardedManagement(paths.getPathWithinApplication(request), management)
				&& !caller.get().has(Role.PLATFORM_ADMIN)) {
			// the metrics are every tenant's: the platform's administrators read them
			Problems.forbidden(request, response, Problems.missingRole(List.of(Role.PLATFORM_ADMIN)));
			return;
		}
		request.setAttribute(CALLER_ATTRIBUTE, caller.get());
		chain.doFilter(request, response);
	}

}
