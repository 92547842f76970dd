package dev.campaigns.orchestrator.campaign.web;

import java.net.URI;
import java.util.List;

import dev.campaigns.orchestrator.campaign.FieldError;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** The campaign API's failures as RFC 9457 problems, each with a stable {@code type}. */
@RestControllerAdvice(assignableTypes = { CampaignController.class, AppendController.class,
		CampaignLifecycleController.class, CampaignEditController.class, RecipientController.class,
		RecipientUpdateController.class })
class CampaignProblems {

	static final String TYPES = "https://campaign-orchestrator.dev/problems/";

	@ExceptionHandler
	ProblemDetail invalid(InvalidRecipients ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "The request is invalid",
				ex.invalid().totalErrors() + " problem(s) found; nothing was stored.");
		problem.setProperty("errors", ex.invalid().errors());
		problem.setProperty("totalErrors", ex.invalid().totalErrors());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail malformed(MalformedRequest ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "The request is invalid",
				"The body cannot be read; nothing was stored.");
		problem.setProperty("errors", ex.errors());
		problem.setProperty("totalErrors", ex.errors().size());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail tooLarge(PayloadTooLarge ex) {
		return problem(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "The request body is too large",
				ex.getMessage() + "; send fewer recipients per request, or append the rest.");
	}

	@ExceptionHandler
	ProblemDetail notFound(CampaignNotFound ex) {
		return problem(HttpStatus.NOT_FOUND, "campaign-not-found", "No such campaign",
				"There is no campaign with this id.");
	}

	@ExceptionHandler
	ProblemDetail notFound(RecipientNotFound ex) {
		return problem(HttpStatus.NOT_FOUND, "recipient-not-found", "No such recipient",
				"There is no recipient with this id in this campaign.");
	}

	@ExceptionHandler
	ProblemDetail notAllowed(RecipientActionNotAllowed ex) {
		return problem(HttpStatus.CONFLICT, "recipient-action-not-allowed", "Not allowed for this recipient",
				ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail closed(CampaignClosed ex) {
		return problem(HttpStatus.CONFLICT, "campaign-closed", "The campaign is closed", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail notEditable(CampaignNotEditable ex) {
		return problem(HttpStatus.CONFLICT, "campaign-not-editable", "The campaign can no longer be edited",
				ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail transition(TransitionNotAllowed ex) {
		return problem(HttpStatus.CONFLICT, "transition-not-allowed", "Not allowed in this status", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail reused(IdempotencyKeyReused ex) {
		return problem(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", "Idempotency-Key reused",
				ex.getMessage() + "; use a new key for a new request.");
	}

	@ExceptionHandler
	ProblemDetail badParameter(MethodArgumentTypeMismatchException ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "The request is invalid",
				"Query parameter " + ex.getName() + " has an unknown value.");
		problem.setProperty("errors", List.of(FieldError.ofCampaign(ex.getName(), "has an unknown value")));
		problem.setProperty("totalErrors", 1);
		return problem;
	}

	@ExceptionHandler
	ProblemDetail badParameter(InvalidParameter ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "The request is invalid",
				"Query parameter " + ex.name() + " " + ex.reason() + "; nothing was stored.");
		problem.setProperty("errors", List.of(FieldError.ofCampaign(ex.name(), ex.reason())));
		problem.setProperty("totalErrors", 1);
		return problem;
	}

	static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPES + type));
		problem.setTitle(title);
		return problem;
	}

}
