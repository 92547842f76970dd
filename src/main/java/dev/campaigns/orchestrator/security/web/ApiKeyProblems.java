package dev.campaigns.orchestrator.security.web;

import java.util.List;

import dev.campaigns.orchestrator.security.web.ApiKeyRequest.FieldViolation;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import static dev.campaigns.orchestrator.web.Problems.invalidRequest;
import static dev.campaigns.orchestrator.web.Problems.problem;

/** The failures of {@link ApiKeyController} as RFC 9457 problems, each with a stable type. */
@RestControllerAdvice(assignableTypes = ApiKeyController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiKeyProblems {

	@ExceptionHandler
	ProblemDetail invalid(InvalidApiKeyRequest failure) {
		return invalidRequest(failure.violations());
	}

	@ExceptionHandler
	ProblemDetail unreadable(HttpMessageNotReadableException failure) {
		return invalidRequest(List.of(new FieldViolation("body",
				"must be a JSON object like {\"name\":\"...\",\"tenant\":\"...\",\"roles\":[\"reports:read\"]}")));
	}

	@ExceptionHandler
	ProblemDetail badParameter(MethodArgumentTypeMismatchException failure) {
		return invalidRequest(List.of(new FieldViolation(failure.getName(), "has an invalid value")));
	}

	@ExceptionHandler
	ProblemDetail notPermitted(NotPermitted failure) {
		return problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", failure.getMessage());
	}

	@ExceptionHandler
	ProblemDetail notFound(ApiKeyNotFound failure) {
		return problem(HttpStatus.NOT_FOUND, "api-key-not-found", "No such API key", failure.getMessage());
	}

}
