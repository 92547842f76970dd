package dev.campaigns.orchestrator.report.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The report API's failures as RFC 9457 problems, with the campaign API's types. The
 * content type is set here, so a CSV request ({@code Accept: text/csv}) gets its problem too.
 */
@RestControllerAdvice(assignableTypes = ReportController.class)
class ReportProblems {

	static final String TYPES = "https://campaign-orchestrator.dev/problems/";

	@ExceptionHandler
	ResponseEntity<ProblemDetail> notFound(ReportCampaignNotFound ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"There is no campaign with this id.");
		problem.setType(URI.create(TYPES + "campaign-not-found"));
		problem.setTitle("No such campaign");
		return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
