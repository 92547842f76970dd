package dev.campaigns.orchestrator.notify.web;

import java.util.List;

import dev.campaigns.orchestrator.notify.web.WebhookRequest.FieldViolation;

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

/** The failures of {@link WebhookController} as RFC 9457 problems, each with a stable type. */
@RestControllerAdvice(assignableTypes = WebhookController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class WebhookProblems {

	@ExceptionHandler
	ProblemDetail invalid(InvalidWebhookRequest failure) {
		return invalidRequest(failure.violations());
	}

	@ExceptionHandler
	ProblemDetail unreadable(HttpMessageNotReadableException failure) {
		return invalidRequest(List.of(new FieldViolation("body",
				"must be a JSON object like {\"url\":\"https://...\",\"events\":[\"recipient.completed\"]}")));
	}

	@ExceptionHandler
	ProblemDetail badParameter(MethodArgumentTypeMismatchException failure) {
		return invalidRequest(List.of(new FieldViolation(failure.getName(), "has an invalid value")));
	}

	@ExceptionHandler
	ProblemDetail notFound(WebhookNotFound failure) {
		return problem(HttpStatus.NOT_FOUND, "webhook-not-found", "No such webhook", failure.getMessage());
	}

	@ExceptionHandler
	ProblemDetail pending(DeliveryStillPending failure) {
		return problem(HttpStatus.CONFLICT, "delivery-pending", "The delivery is still pending", failure.getMessage());
	}

}
