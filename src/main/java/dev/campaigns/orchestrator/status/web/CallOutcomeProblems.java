package dev.campaigns.orchestrator.status.web;

import dev.campaigns.orchestrator.status.web.CallController.CallNotFound;
import dev.campaigns.orchestrator.status.web.CallOutcomeController.OutcomeConflict;
import dev.campaigns.orchestrator.status.web.OutcomeReader.InvalidOutcome;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import static dev.campaigns.orchestrator.web.Problems.invalidRequest;
import static dev.campaigns.orchestrator.web.Problems.problem;

/** The failures of {@link CallOutcomeController} as RFC 9457 problems, each with a stable type. */
@RestControllerAdvice(assignableTypes = CallOutcomeController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class CallOutcomeProblems {

	@ExceptionHandler
	ProblemDetail invalid(InvalidOutcome failure) {
		return invalidRequest(failure.violations());
	}

	@ExceptionHandler
	ProblemDetail notFound(CallNotFound failure) {
		return problem(HttpStatus.NOT_FOUND, "call-not-found", "No such call", "There is no call with this id.");
	}

	@ExceptionHandler
	ProblemDetail conflict(OutcomeConflict failure) {
		return problem(HttpStatus.CONFLICT, "call-outcome-conflict", "The call holds another report",
				"The call holds another report (sequence " + failure.stored().sequence() + ", "
						+ failure.stored().detection() + ", received " + failure.stored().reportedAt()
						+ "); send a higher sequence to replace it.");
	}

}
