package dev.campaigns.orchestrator.security.internal;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads {@code Authorization: Bearer <api key>} and has the {@link AuthenticationManager}
 * authenticate it. Without the header the request goes on anonymous (and authorization
 * answers 401 where a key is needed); a malformed header or a key that is unknown, revoked or
 * expired is answered 401 at once by the entry point.
 */
class BearerKeyFilter extends OncePerRequestFilter {

	private static final String SCHEME = "Bearer ";

	private final AuthenticationManager authentication;

	private final AuthenticationEntryPoint entryPoint;

	private final SecurityContextRepository contexts;

	private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

	BearerKeyFilter(AuthenticationManager authentication, AuthenticationEntryPoint entryPoint,
			SecurityContextRepository contexts) {
		this.authentication = authentication;
		this.entryPoint = entryPoint;
		this.contexts = contexts;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return CorsUtils.isPreFlightRequest(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || header.isBlank()) {
			chain.doFilter(request, response);
			return;
		}
		try {
			Authentication caller = authentication.authenticate(ApiKeyAuthentication.unauthenticated(token(header)));
			SecurityContext context = holder.createEmptyContext();
			context.setAuthentication(caller);
			holder.setContext(context);
			contexts.saveContext(context, request, response);
		}
		catch (AuthenticationException ex) {
			holder.clearContext();
			entryPoint.commence(request, response, ex);
			return;
		}
		chain.doFilter(request, response);
	}

	private static String token(String header) {
		if (!header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
			throw new MalformedBearerToken();
		}
		String token = header.substring(SCHEME.length()).trim();
		if (!ApiKeySecrets.isPlausible(token)) {
			throw new MalformedBearerToken();
		}
		return token;
	}

}
