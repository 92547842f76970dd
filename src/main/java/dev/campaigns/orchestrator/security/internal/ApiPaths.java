package dev.campaigns.orchestrator.security.internal;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.util.UrlPathHelper;

/**
 * Which paths need an API key: everything under {@code /api}, and the management endpoints
 * (under the actuator's base path) other than health and its probe groups.
 */
final class ApiPaths {

	private static final UrlPathHelper paths = new UrlPathHelper();

	private ApiPaths() {
	}

	/** Whether the path (decoded, without context path and {@code ;} parameters) is under {@code /api}. */
	static boolean isApi(String path) {
		return isUnder(path, "/api");
	}

	/** Whether the path is a management endpoint other than health, so platform admins only. */
	static boolean isGuardedManagement(String path, String management) {
		return isUnder(path, management) && !isUnder(path, management + "/health");
	}

	/** Requests under {@code /api}. */
	static RequestMatcher api() {
		return (request) -> isApi(path(request));
	}

	/** Requests for a guarded management endpoint, {@code management} being the actuator's base path. */
	static RequestMatcher guardedManagement(String management) {
		return (request) -> isGuardedManagement(path(request), management);
	}

	private static String path(HttpServletRequest request) {
		return paths.getPathWithinApplication(request);
	}

	private static boolean isUnder(String path, String base) {
		return path.equals(base) || path.startsWith(base + "/");
	}

}
