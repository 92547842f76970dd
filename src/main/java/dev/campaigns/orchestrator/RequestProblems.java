package dev.campaigns.orchestrator;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingPathVariableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The framework's own rejections (a body it cannot read, a media type no endpoint takes, a
 * parameter of the wrong type, a path that names nothing) as problems with a stable
 * {@code type} like every other failure of the API, a 400 naming the offending field. The
 * modules' advice, which knows their domain, comes first.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class RequestProblems extends ResponseEntityExceptionHandler {

	static final String TYPES = "https://campaign-orchestrator.dev/problems/";

	private static final Map<Integer, String> TYPE_BY_STATUS = Map.of(400, "invalid-request", 404, "not-found", 405,
			"method-not-allowed", 406, "not-acceptable", 413, "payload-too-large", 415, "unsupported-media-type", 503,
			"unavailable");

	@Override
	protected @Nullable ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (body == null) {
			body = createProblemDetail(ex, status, ex.getMessage() == null ? "" : ex.getMessage(), null, null, request);
		}
		if (body instanceof ProblemDetail problem) {
			typed(problem, status);
			if (status.value() == 400 && (problem.getProperties() == null || !problem.getProperties().containsKey("errors"))) {
				problem.setProperty("errors", List.of(error(field(ex), reason(ex))));
			}
		}
		return super.handleExceptionInternal(ex, body, headers, status, request);
	}

	@ExceptionHandler
	ProblemDetail tooLarge(RequestBodyTooLarge ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
				ex.getMessage() + "; send less in one request.");
		problem.setType(URI.create(TYPES + "payload-too-large"));
		problem.setTitle("The request body is too large");
		return problem;
	}

	/** The API's type for a problem the framework left untyped ({@code about:blank}). */
	static ProblemDetail typed(ProblemDetail problem, HttpStatusCode status) {
		if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
			problem.setType(URI.create(TYPES + TYPE_BY_STATUS.getOrDefault(status.value(), "request-rejected")));
		}
		return problem;
	}

	private static String field(Exception ex) {
		if (ex instanceof TypeMismatchException mismatch && mismatch.getPropertyName() != null) {
			return mismatch.getPropertyName();
		}
		if (ex instanceof MissingPathVariableException missing) {
			return missing.getVariableName();
		}
		if (ex instanceof MissingServletRequestParameterException missing) {
			return missing.getParameterName();
		}
		if (ex instanceof HttpMessageNotReadableException) {
			return "body";
		}
		return "request";
	}

	private static String reason(Exception ex) {
		if (ex instanceof TypeMismatchException) {
			return "has an invalid value";
		}
		if (ex instanceof MissingPathVariableException || ex instanceof MissingServletRequestParameterException) {
			return "is required";
		}
		if (ex instanceof HttpMessageNotReadableException) {
			return "cannot be read: it must be JSON of the documented shape";
		}
		return "is invalid";
	}

	private static Map<String, String> error(String field, String reason) {
		Map<String, String> error = new LinkedHashMap<>();
		error.put("field", field);
		error.put("reason", reason);
		return error;
	}

}
