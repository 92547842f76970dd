package dev.campaigns.orchestrator.connection.web;

import java.util.List;

import dev.campaigns.orchestrator.connection.ConnectionDraft.FieldViolation;
import dev.campaigns.orchestrator.connection.ConnectionRefused;
import dev.campaigns.orchestrator.connection.InvalidConnection;

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

/** The failures of {@link ConnectionController} as RFC 9457 problems, each with a stable type. */
@RestControllerAdvice(assignableTypes = ConnectionController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConnectionProblems {

	@ExceptionHandler
	ProblemDetail invalid(InvalidConnection failure) {
		return invalidRequest(failure.violations());
	}

	@ExceptionHandler
	ProblemDetail unreadable(HttpMessageNotReadableException failure) {
		return invalidRequest(List.of(new FieldViolation("body", "must be a JSON object")));
	}

	@ExceptionHandler
	ProblemDetail badParameter(MethodArgumentTypeMismatchException failure) {
		return invalidRequest(List.of(new FieldViolation(failure.getName(), "has an invalid value")));
	}

	@ExceptionHandler
	ProblemDetail notFound(ConnectionNotFound failure) {
		return problem(HttpStatus.NOT_FOUND, "provider-connection-not-found", "No such provider connection",
				failure.getMessage());
	}

	@ExceptionHandler
	ProblemDetail refused(ConnectionRefused failure) {
		return switch (failure.reason()) {
			case NAME_TAKEN -> problem(HttpStatus.CONFLICT, "provider-connection-name-taken", "The name is taken",
					failure.getMessage());
			case NOT_CONFIGURED -> problem(HttpStatus.CONFLICT, "provider-connections-not-configured",
					"Provider connections are not configured", failure.getMessage());
			case IN_USE -> problem(HttpStatus.CONFLICT, "provider-connection-in-use", "The connection is in use",
					failure.getMessage());
		};
	}

}
