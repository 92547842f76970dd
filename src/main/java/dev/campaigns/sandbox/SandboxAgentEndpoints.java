package dev.campaigns.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Steers the sandbox's agent: where it reports and with which key ({@code _agent}), and who
 * picks up the calls to a number ({@code _detections}). Like every control endpoint, no
 * credentials: the sandbox is never on in production.
 */
@RestController
@RequestMapping(PolyAiEndpoints.PREFIX)
class SandboxAgentEndpoints {

	private final AgentReporter agent;

	private final ScriptedDetections scripts;

	SandboxAgentEndpoints(AgentReporter agent, ScriptedDetections scripts) {
		this.agent = agent;
		this.scripts = scripts;
	}

	/**
	 * Where the agent reports now, and how many reports due by now on the sandbox clock are not
	 * answered yet ({@code outstanding}); its key is never shown.
	 */
	@GetMapping("/_agent")
	ResponseEntity<String> agent() {
		AgentSettings now = agent.agent();
		return SandboxJson.reply(HttpStatus.OK, new AgentView(String.valueOf(now.reportUrl()), now.apiKey() != null,
				(now.voicemailRetryAfter() != null) ? now.voicemailRetryAfter().toString() : null,
				agent.outstanding()));
	}

	/** The agent reports calls triggered from now on as the body says. */
	@PutMapping("/_agent")
	ResponseEntity<String> useAgent(@RequestBody(required = false) @Nullable String body) {
		AgentRequest request;
		try {
			request = SandboxJson.MAPPER.readValue((body != null) ? body : "", AgentRequest.class);
		}
		catch (JacksonException ex) {
			return SandboxJson.reply(Rejection.badRequest("invalid_agent", "not an agent: " + ex.getOriginalMessage()));
		}
		try {
			agent.use(new AgentSettings(request.reportUrl(), request.apiKey(), request.voicemailRetryAfter()));
		}
		catch (IllegalArgumentException ex) {
			return SandboxJson.reply(Rejection.badRequest("invalid_agent", ex.getMessage()));
		}
		return agent();
	}

	/** The agent reports as configured again ({@code orchestrator.sandbox.agent}). */
	@DeleteMapping("/_agent")
	ResponseEntity<Void> configuredAgent() {
		agent.useConfigured();
		return ResponseEntity.noContent().build();
	}

	/** Every call to the number (E.164) is answered, by what the body's {@code detection} names. */
	@PutMapping("/_detections/{number}")
	ResponseEntity<String> script(@PathVariable String number, @RequestBody(required = false) @Nullable String body) {
		DetectionRequest request;
		try {
			request = SandboxJson.MAPPER.readValue((body != null) ? body : "", DetectionRequest.class);
		}
		catch (JacksonException ex) {
			return SandboxJson.reply(Rejection.badRequest("invalid_detection",
					"not a detection: " + ex.getOriginalMessage() + "; one of " + List.of(Detection.values())));
		}
		if (request == null || request.detection() == null) {
			return SandboxJson.reply(Rejection.badRequest("invalid_detection",
					"detection is required, one of " + List.of(Detection.values())));
		}
		scripts.script(number, request.detection());
		return SandboxJson.reply(HttpStatus.OK, Map.of("number", number, "detection", request.detection()));
	}

	@GetMapping("/_detections")
	ResponseEntity<String> scripts() {
		return SandboxJson.reply(HttpStatus.OK, scripts.all());
	}

	/** Who picks up is drawn from the weights again for every number. */
	@DeleteMapping("/_detections")
	ResponseEntity<Void> clearScripts() {
		scripts.clear();
		return ResponseEntity.noContent().build();
	}

	/**
	 * An agent as a test sets it, as {@link AgentSettings}: {@code reportUrl} holds
	 * {@code {callSid}}; {@code apiKey} is required with it.
	 */
	record AgentRequest(@Nullable String reportUrl, @Nullable String apiKey, @Nullable Duration voicemailRetryAfter) {
	}

	record AgentView(String reportUrl, boolean hasApiKey, @Nullable String voicemailRetryAfter, int outstanding) {
	}

	record DetectionRequest(@Nullable Detection detection) {
	}

}
