package dev.campaigns.orchestrator.compliance.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The do-not-call list's failures as RFC 9457 problems. */
@RestControllerAdvice(assignableTypes = SuppressionController.class)
class SuppressionProblems {

	@ExceptionHandler
	ProblemDetail invalid(InvalidSuppression ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request is invalid.");
		problem.setType(URI.create("https://campaign-orchestrator.dev/problems/invalid-request"));
		problem.setTitle("The request is invalid");
		problem.setProperty("errors", ex.errors());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail notFound(SuppressionNotFound ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"This number is not on the tenant's do-not-call list.");
		problem.setType(URI.create("https://campaign-orchestrator.dev/problems/suppression-not-found"));
		problem.setTitle("No such suppression");
		return problem;
	}

	/** A number to remove that the list does not hold (404). */
	static class SuppressionNotFound extends RuntimeException {

		SuppressionNotFound() {
			super("no such suppression", null, false, false);
		}

	}

	/** A number that cannot be suppressed as given (400). */
	static class InvalidSuppression extends RuntimeException {

		private final transient List<Map<String, Object>> errors;

		InvalidSuppression(List<Map<String, Object>> errors) {
			super("invalid suppression", null, false, false);
			this.errors = errors;
		}

		List<Map<String, Object>> errors() {
			return errors;
		}

	}

}
