package dev.campaigns.orchestrator.status.web;

import java.net.URI;

import dev.campaigns.orchestrator.security.Caller;
import dev.campaigns.orchestrator.security.Requires;
import dev.campaigns.orchestrator.security.Role;
import dev.campaigns.orchestrator.status.CallView;
import dev.campaigns.orchestrator.status.internal.CallQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A call attempt and its status history. */
@RestController
@Tag(name = "Calls", description = "Call attempts and their status history")
class CallController {

	private final CallQueries calls;

	CallController(CallQueries calls) {
		this.calls = calls;
	}

	@GetMapping(path = "/api/v1/calls/{callSid}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Requires({ Role.CAMPAIGNS_WRITE, Role.REPORTS_READ })
	@Operation(operationId = "getCall", summary = "One call attempt with every status seen, in order")
	CallView call(@PathVariable String callSid, Caller caller) {
		return calls.find(callSid, caller.tenant()).orElseThrow(CallNotFound::new);
	}

	@ExceptionHandler
	ProblemDetail notFound(CallNotFound ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "There is no call with this id.");
		problem.setType(URI.create("https://campaign-orchestrator.dev/problems/call-not-found"));
		problem.setTitle("No such call");
		return problem;
	}

	/** No call with this id for the caller's tenant. */
	static class CallNotFound extends RuntimeException {

		CallNotFound() {
			super("no such call", null, false, false);
		}

	}

}
