package dev.campaigns.orchestrator.security.internal;

import java.util.List;
import java.util.Optional;

import dev.campaigns.orchestrator.security.Requires;
import dev.campaigns.orchestrator.security.Role;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;

/**
 * Lets a request under {@code /api} reach its controller method only if Spring Security's
 * {@link Authentication} holds one of the roles of its {@link Requires} (as authorities, with
 * the role hierarchy). Fails closed: a handler without {@code @Requires}, or any handler that
 * is not a controller method, answers 403; a request that somehow has no authenticated
 * caller answers 401. The refusals are written by {@link ProblemAnswers}, as Spring Security's.
 */
class RequiredRoleInterceptor implements HandlerInterceptor {

	private final ProblemAnswers problems;

	RequiredRoleInterceptor(ProblemAnswers problems) {
		this.problems = problems;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws Exception {
		if (CorsUtils.isPreFlightRequest(request) || handler instanceof ResourceHttpRequestHandler) {
			// preflights carry no credentials; no static resource lives under /api, so that is a 404
			return true;
		}
		if (ApiKeyAuthentication.currentCaller().isEmpty()) {
			problems.commence(request, response, new InsufficientAuthenticationException("no API key"));
			return false;
		}
		Optional<List<Role>> required = requiredRoles(handler);
		RoleDecision decision = required.isPresent()
				? RoleAuthorization.decide(SecurityContextHolder.getContext()::getAuthentication, required.get())
				: new RoleDecision(false, "This endpoint declares no required role, so it is closed.");
		if (!decision.isGranted()) {
			problems.handle(request, response, new AuthorizationDeniedException("Access Denied", decision));
			return false;
		}
		return true;
	}

	/**
	 * The roles a handler needs, of which one suffices: its method's {@link Requires}, else
	 * its class's; empty if it declares none (or is not a controller method).
	 */
	static Optional<List<Role>> requiredRoles(Object handler) {
		if (!(handler instanceof HandlerMethod method)) {
			return Optional.empty();
		}
		Requires requires = method.getMethodAnnotation(Requires.class);
		if (requires == null) {
			requires = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), Requires.class);
		}
		return Optional.ofNullable(requires).map((annotation) -> List.of(annotation.value()));
	}

}
