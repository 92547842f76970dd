package dev.campaigns.orchestrator.security.internal;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Spring Security's refusals of an API request as RFC 9457 problems: 401 with the
 * {@code WWW-Authenticate} challenge that says why, 403 naming the role that was missing.
 */
class ProblemAnswers implements AuthenticationEntryPoint, AccessDeniedHandler {

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		Problems.Unauthenticated why;
		if (ex instanceof MalformedBearerToken) {
			why = Problems.Unauthenticated.MALFORMED;
		}
		else if (ex instanceof BadCredentialsException) {
			why = Problems.Unauthenticated.UNKNOWN;
		}
		else {
			why = Problems.Unauthenticated.MISSING;
		}
		Problems.unauthenticated(request, response, why);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		String detail = ex instanceof AuthorizationDeniedException denied
				&& denied.getAuthorizationResult() instanceof RoleDecision decision ? decision.detail()
						: "This API key may not do this.";
		Problems.forbidden(request, response, detail);
	}

}
