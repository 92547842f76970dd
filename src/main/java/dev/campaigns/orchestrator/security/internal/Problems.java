package dev.campaigns.orchestrator.security.internal;

import java.io.IOException;
import java.net.URI;
import java.util.Collection;
import java.util.stream.Collectors;

import dev.campaigns.orchestrator.security.Role;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;

/**
 * The 401, 403 and 429 answers, written straight to the response: they happen before (or
 * instead of) a controller, where no exception handler would catch them.
 */
final class Problems {

	static final URI UNAUTHENTICATED = URI.create("https://campaign-orchestrator.dev/problems/unauthenticated");

	static final URI FORBIDDEN = URI.create("https://campaign-orchestrator.dev/problems/forbidden");

	static final URI RATE_LIMITED = URI.create("https://campaign-orchestrator.dev/problems/rate-limited");

	private static final JacksonJsonHttpMessageConverter json = new JacksonJsonHttpMessageConverter();

	private Problems() {
	}

	/** Why a request is not authenticated, phrased for the client. */
	enum Unauthenticated {

		MISSING("The request has no Authorization header; send Authorization: Bearer <api key>.", "Bearer"),

		MALFORMED("The Authorization header is not of the form Bearer <api key>.",
				"Bearer error=\"invalid_request\""),

		UNKNOWN("The API key is unknown, revoked or expired.", "Bearer error=\"invalid_token\"");

		final String detail;

		final String challenge;

		Unauthenticated(String detail, String challenge) {
			this.detail = detail;
			this.challenge = challenge;
		}

	}

	static void unauthenticated(HttpServletRequest request, HttpServletResponse response, Unauthenticated why)
			throws IOException {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, why.detail);
		problem.setType(UNAUTHENTICATED);
		problem.setTitle("Unauthenticated");
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, why.challenge);
		write(request, response, problem);
	}

	static void forbidden(HttpServletRequest request, HttpServletResponse response, String detail)
			throws IOException {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, detail);
		problem.setType(FORBIDDEN);
		problem.setTitle("Forbidden");
		write(request, response, problem);
	}

	/** The key made more requests than its budget allows: try again after {@code retryAfter} seconds. */
	static void rateLimited(HttpServletRequest request, HttpServletResponse response, long retryAfter)
			throws IOException {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
				"This API key made more requests than its rate limit allows; retry after " + retryAfter + " s.");
		problem.setType(RATE_LIMITED);
		problem.setTitle("Too Many Requests");
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
		write(request, response, problem);
	}

	/** "This needs the role reports:read (or admin)." and the like. */
	static String missingRole(Collection<Role> required) {
		if (required.contains(Role.PLATFORM_ADMIN)) {
			return "This needs the role platform:admin.";
		}
		if (required.isEmpty() || required.contains(Role.ADMIN)) {
			return "This needs the role admin.";
		}
		if (required.size() == 1) {
			return "This needs the role " + required.iterator().next().code() + " (or admin).";
		}
		return "This needs one of the roles "
				+ required.stream().map(Role::code).collect(Collectors.joining(", ")) + " (or admin).";
	}

	private static void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
			throws IOException {
		problem.setInstance(URI.create(request.getRequestURI()));
		response.setStatus(problem.getStatus());
		ServletServerHttpResponse output = new ServletServerHttpResponse(response);
		json.write(problem, MediaType.APPLICATION_PROBLEM_JSON, output);
		output.flush();
	}

}
