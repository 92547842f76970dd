package dev.campaigns.sandbox;

import java.io.IOException;

import jakarta.servlet.ServletException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The three PolyAI dialects' paths, exactly as the real API has them, below
 * {@value #PREFIX}. Bodies are read as text so the sandbox, not the framework, decides what
 * is invalid and says why.
 *
 * <p>Functional routes rather than a controller: an answer that is ready is written on the
 * request's thread, and only one a fault holds back goes asynchronous. A controller would have
 * to declare one return type for both, and a {@code DeferredResult} makes every answer take a
 * second dispatch through the servlet chain, which cost the sandbox about a third of its CPU
 * per trigger; where the sandbox shares a machine with the orchestrator under load, that is
 * taken from the orchestrator.
 */
class PolyAiEndpoints {

	/** Where the fake API lives: the real API's base URL is this prefix on the host. */
	static final String PREFIX = "/sandbox/polyai";

	private final Switchboard switchboard;

	PolyAiEndpoints(Switchboard switchboard) {
		this.switchboard = switchboard;
	}

	RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.path(PREFIX, routes -> routes
				.POST("/v1/outbound-calling", this::triggerOutboundCallingV1)
				.GET("/v1/outbound-calling/{callSid}/status", this::statusOutboundCallingV1)
				.POST("/v1/agents/{agentId}/telephony/outbound-calls", this::triggerAgentsV1)
				// not in PolyAI's spec: the agents dialect's status path is ours to choose (configurable in the adapter)
				.GET("/v1/agents/{agentId}/telephony/outbound-calls/{callSid}", this::statusAgentsV1)
				.POST("/api/v1/{accountId}/{projectId}/outbound-call/trigger", this::triggerPlatformV1)
				.GET("/api/v1/{accountId}/{projectId}/outbound-call/status/{callSid}", this::statusPlatformV1))
			.build();
	}

	private ServerResponse triggerOutboundCallingV1(ServerRequest request) throws ServletException, IOException {
		return respond(switchboard.trigger(Dialect.OUTBOUND_CALLING_V1, CallScope.NONE,
				header(request, "X-PolyAi-Auth-Token"), body(request)));
	}

	private ServerResponse statusOutboundCallingV1(ServerRequest request) {
		return respond(switchboard.status(Dialect.OUTBOUND_CALLING_V1, CallScope.NONE,
				header(request, "X-PolyAi-Auth-Token"), request.pathVariable("callSid")));
	}

	private ServerResponse triggerAgentsV1(ServerRequest request) throws ServletException, IOException {
		return respond(switchboard.trigger(Dialect.AGENTS_V1, CallScope.agent(request.pathVariable("agentId")),
				header(request, "X-API-KEY"), body(request)));
	}

	private ServerResponse statusAgentsV1(ServerRequest request) {
		return respond(switchboard.status(Dialect.AGENTS_V1, CallScope.agent(request.pathVariable("agentId")),
				header(request, "X-API-KEY"), request.pathVariable("callSid")));
	}

	private ServerResponse triggerPlatformV1(ServerRequest request) throws ServletException, IOException {
		return respond(switchboard.trigger(Dialect.PLATFORM_V1, platform(request), header(request, "X-CONNECTOR-ID"),
				body(request)));
	}

	private ServerResponse statusPlatformV1(ServerRequest request) {
		return respond(switchboard.status(Dialect.PLATFORM_V1, platform(request), header(request, "X-CONNECTOR-ID"),
				request.pathVariable("callSid")));
	}

	private static CallScope platform(ServerRequest request) {
		return CallScope.project(request.pathVariable("accountId"), request.pathVariable("projectId"));
	}

	private static @Nullable String header(ServerRequest request, String name) {
		return request.headers().firstHeader(name);
	}

	/** The body as text, or null when there is none (as an optional {@code @RequestBody} had it). */
	private static @Nullable String body(ServerRequest request) throws ServletException, IOException {
		String body = request.body(String.class);
		return body.isEmpty() ? null : body;
	}

	private static ServerResponse respond(Switchboard.Reply reply) {
		if (reply.answer().isDone()) {
			return response(reply.answer().join());
		}
		return ServerResponse.async(reply.answer().thenApply(PolyAiEndpoints::response), reply.timeout());
	}

	private static ServerResponse response(ResponseEntity<String> entity) {
		ServerResponse.BodyBuilder response = ServerResponse.status(entity.getStatusCode())
			.headers(headers -> headers.putAll(entity.getHeaders()));
		String body = entity.getBody();
		return body == null ? response.build() : response.body(body);
	}

}
