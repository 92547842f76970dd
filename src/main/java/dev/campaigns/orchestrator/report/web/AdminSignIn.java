package dev.campaigns.orchestrator.report.web;

import java.util.List;

import dev.campaigns.orchestrator.report.internal.AdminKeys.SignedInKey;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfTokenRepository;

/**
 * Signs a verified key in to the dashboard the way Spring Security's own logins do: the
 * session gets a new id (no session fixation) and a new CSRF token, and the
 * {@link AdminSession} is stored as the session's authentication.
 */
class AdminSignIn {

	private final SecurityContextRepository contexts;

	private final CsrfTokenRepository csrfTokens;

	private final SessionAuthenticationStrategy sessions;

	AdminSignIn(SecurityContextRepository contexts, CsrfTokenRepository csrfTokens) {
		this.contexts = contexts;
		this.csrfTokens = csrfTokens;
		this.sessions = new CompositeSessionAuthenticationStrategy(
				List.of(new ChangeSessionIdAuthenticationStrategy(), new CsrfAuthenticationStrategy(csrfTokens)));
	}

	SecurityContextRepository contexts() {
		return contexts;
	}

	CsrfTokenRepository csrfTokens() {
		return csrfTokens;
	}

	AdminSession signIn(SignedInKey key, HttpServletRequest request, HttpServletResponse response) {
		AdminSession admin = AdminSession.of(key);
		Authentication authentication = UsernamePasswordAuthenticationToken.authenticated(admin, null, List.of());
		sessions.onAuthentication(authentication, request, response);
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(authentication);
		SecurityContextHolder.setContext(context);
		contexts.saveContext(context, request, response);
		return admin;
	}

}
