package dev.campaigns.sandbox;

import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * The three PolyAI dialects' paths, exactly as the real API has them, below
 * {@value #PREFIX}. Bodies are read as text so the sandbox, not the framework, decides what
 * is invalid and says why.
 */
@RestController
@RequestMapping(PolyAiEndpoints.PREFIX)
class PolyAiEndpoints {

	/** Where the fake API lives: the real API's base URL is this prefix on the host. */
	static final String PREFIX = "/sandbox/polyai";

	private final Switchboard switchboard;

	PolyAiEndpoints(Switchboard switchboard) {
		this.switchboard = switchboard;
	}

	@PostMapping("/v1/outbound-calling")
	DeferredResult<ResponseEntity<String>> triggerOutboundCallingV1(
			@RequestHeader(name = "X-PolyAi-Auth-Token", required = false) @Nullable String token,
			@RequestBody(required = false) @Nullable String body) {
		return switchboard.trigger(Dialect.OUTBOUND_CALLING_V1, CallScope.NONE, token, body);
	}

	@GetMapping("/v1/outbound-calling/{callSid}/status")
	DeferredResult<ResponseEntity<String>> statusOutboundCallingV1(
			@RequestHeader(name = "X-PolyAi-Auth-Token", required = false) @Nullable String token,
			@PathVariable String callSid) {
		return switchboard.status(Dialect.OUTBOUND_CALLING_V1, CallScope.NONE, token, callSid);
	}

	@PostMapping("/v1/agents/{agentId}/telephony/outbound-calls")
	DeferredResult<ResponseEntity<String>> triggerAgentsV1(
			@RequestHeader(name = "X-API-KEY", required = false) @Nullable String apiKey, @PathVariable String agentId,
			@RequestBody(required = false) @Nullable String body) {
		return switchboard.trigger(Dialect.AGENTS_V1, CallScope.agent(agentId), apiKey, body);
	}

	/** Not in PolyAI's spec: the agents dialect's status path is ours to choose (configurable in the adapter). */
	@GetMapping("/v1/agents/{agentId}/telephony/outbound-calls/{callSid}")
	DeferredResult<ResponseEntity<String>> statusAgentsV1(
			@RequestHeader(name = "X-API-KEY", required = false) @Nullable String apiKey, @PathVariable String agentId,
			@PathVariable String callSid) {
		return switchboard.status(Dialect.AGENTS_V1, CallScope.agent(agentId), apiKey, callSid);
	}

	@PostMapping("/api/v1/{accountId}/{projectId}/outbound-call/trigger")
	DeferredResult<ResponseEntity<String>> triggerPlatformV1(
			@RequestHeader(name = "X-CONNECTOR-ID", required = false) @Nullable String connectorId,
			@PathVariable String accountId, @PathVariable String projectId,
			@RequestBody(required = false) @Nullable String body) {
		return switchboard.trigger(Dialect.PLATFORM_V1, CallScope.project(accountId, projectId), connectorId, body);
	}

	@GetMapping("/api/v1/{accountId}/{projectId}/outbound-call/status/{callSid}")
	DeferredResult<ResponseEntity<String>> statusPlatformV1(
			@RequestHeader(name = "X-CONNECTOR-ID", required = false) @Nullable String connectorId,
			@PathVariable String accountId, @PathVariable String projectId, @PathVariable String callSid) {
		return switchboard.status(Dialect.PLATFORM_V1, CallScope.project(accountId, projectId), connectorId,
				callSid);
	}

}
