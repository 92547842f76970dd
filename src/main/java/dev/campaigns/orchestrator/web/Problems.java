package dev.campaigns.orchestrator.web;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * RFC 9457 problems with the service's stable types ({@value #TYPES}{@code <type>}), as the
 * modules' exception handlers answer them; {@link ApiProblem} is their schema.
 */
public final class Problems {

	/** Where every problem type of the service lives. */
	public static final String TYPES = "https://campaign-orchestrator.dev/problems/";

	private Problems() {
	}

	/** A problem of the given status, type (a name under {@link #TYPES}), title and detail. */
	public static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPES + type));
		problem.setTitle(title);
		return problem;
	}

	/** A {@code 400 invalid-request} listing every field at fault; nothing was stored. */
	public static ProblemDetail invalidRequest(List<?> errors) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "The request is invalid",
				errors.size() + " problem(s) found; nothing was stored.");
		problem.setProperty("errors", errors);
		return problem;
	}

}
