package dev.campaigns.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What tests use to look inside the sandbox and to break it on purpose: the list of every
 * call placed ({@code _calls}) and fault injection ({@code _faults}). No credentials: the
 * sandbox is never on in production. Its agent is steered by {@link SandboxAgentEndpoints}.
 */
@RestController
@RequestMapping(PolyAiEndpoints.PREFIX)
class SandboxControlEndpoints {

	private final CallBook calls;

	private final FaultBook faults;

	private final SandboxSettings settings;

	private final Clock clock;

	private final AgentReporter agent;

	SandboxControlEndpoints(CallBook calls, FaultBook faults, SandboxSettings settings, Clock clock,
			AgentReporter agent) {
		this.agent = agent;
		this.calls = calls;
		this.faults = faults;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Every call placed, oldest first, with its status now in its own dialect, also for calls
	 * whose response was dropped and calls past the retention window.
	 */
	@GetMapping("/_calls")
	ResponseEntity<String> calls() {
		Instant now = clock.instant();
		List<CallView> views = calls.all()
			.stream()
			.map(call -> CallView.of(call, now, agent.deliveryOf(call.callSid()).orElse(null)))
			.toList();
		return SandboxJson.reply(HttpStatus.OK, views);
	}

	/** Forgets every call and its agent's report, so one test's calls never show in the next one's list. */
	@DeleteMapping("/_calls")
	ResponseEntity<Void> forgetCalls() {
		calls.forgetAll();
		agent.forgetAll();
		return ResponseEntity.noContent().build();
	}

	/** Puts a fault in force; answers 201 with the fault as stored, id included. */
	@PostMapping("/_faults")
	ResponseEntity<String> addFault(@RequestBody(required = false) @Nullable String body) {
		FaultRequest request;
		try {
			request = SandboxJson.MAPPER.readValue((body != null) ? body : "", FaultRequest.class);
		}
		catch (JacksonException ex) {
			return SandboxJson.reply(Rejection.badRequest("invalid_fault", "not a fault: " + ex.getOriginalMessage()));
		}
		Rejection invalid = (request != null) ? request.problem() : Rejection.badRequest("invalid_fault", "kind is required");
		if (invalid != null) {
			return SandboxJson.reply(invalid);
		}
		FaultKind kind = request.kind();
		Duration hold = (kind == FaultKind.DROP_RESPONSE && request.hold() == null) ? settings.dropHold() : request.hold();
		Fault fault = faults.add(kind, (request.target() != null) ? request.target() : FaultTarget.TRIGGER,
				new FaultBook.FaultSpec(request.count(), request.duration(), request.retryAfterSeconds(),
						request.latency(), hold, new Fault.Shape(request.httpStatus(), request.statusText(),
								request.size(), request.toNumber())),
				clock.instant());
		return SandboxJson.reply(HttpStatus.CREATED, FaultView.of(fault, fault.count()));
	}

	/** The faults in force now, in the order they apply. */
	@GetMapping("/_faults")
	ResponseEntity<String> faults() {
		List<FaultView> views = faults.inForce(clock.instant())
			.stream()
			.map(inForce -> FaultView.of(inForce.fault(), inForce.remaining()))
			.toList();
		return SandboxJson.reply(HttpStatus.OK, views);
	}

	@DeleteMapping("/_faults")
	ResponseEntity<Void> clearFaults() {
		faults.clear();
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping("/_faults/{id}")
	ResponseEntity<String> removeFault(@PathVariable String id) {
		if (faults.remove(id)) {
			return ResponseEntity.noContent().build();
		}
		return SandboxJson.reply(Rejection.notFound("not_found", "no fault with id '" + id + "'"));
	}

	/**
	 * A fault as requested.
	 *
	 * @param kind what it does (required)
	 * @param target which requests it hits (default {@code TRIGGER})
	 * @param count how many of them (default: all until cleared or expired)
	 * @param duration how long until it expires on the sandbox clock (default: never)
	 * @param retryAfterSeconds the {@code Retry-After} an {@code HTTP_429} sends (default: none)
	 * @param latency the delay of a {@code LATENCY} fault (required for it)
	 * @param hold how long {@code DROP_RESPONSE} withholds the answer (default
	 * {@code orchestrator.sandbox.drop-hold})
	 * @param httpStatus the code {@code HTTP_STATUS} answers (required for it, 400-599)
	 * @param statusText the status {@code STATUS_TEXT} answers (required for it; any text); for
	 * {@code REPEATED_CALL_SID}, faults naming the same text answer the same call id
	 * @param size the body size {@code OVERSIZED} answers, in bytes (required for it)
	 * @param toNumber the one number whose requests the fault hits (default: every number)
	 */
	record FaultRequest(@Nullable FaultKind kind, @Nullable FaultTarget target, @Nullable Integer count,
			@Nullable Duration duration, @Nullable Integer retryAfterSeconds, @Nullable Duration latency,
			@Nullable Duration hold, @Nullable Integer httpStatus, @Nullable String statusText, @Nullable Integer size,
			@Nullable String toNumber) {

		@Nullable Rejection problem() {
			if (kind == null) {
				return invalid("kind is required, one of " + List.of(FaultKind.values()));
			}
			if (count != null && count < 1) {
				return invalid("count must be at least 1, or absent for every matching request");
			}
			if (duration != null && (duration.isNegative() || duration.isZero())) {
				return invalid("duration must be positive");
			}
			if (retryAfterSeconds != null && retryAfterSeconds < 0) {
				return invalid("retryAfterSeconds must not be negative");
			}
			if ((kind == FaultKind.LATENCY || kind == FaultKind.TRICKLE) && (latency == null || latency.isNegative())) {
				return invalid("latency is required for " + kind + " and must not be negative");
			}
			if (kind == FaultKind.HTTP_STATUS && (httpStatus == null || httpStatus < 400 || httpStatus > 599)) {
				return invalid("httpStatus is required for HTTP_STATUS, 400-599");
			}
			if (kind == FaultKind.STATUS_TEXT && statusText == null) {
				return invalid("statusText is required for STATUS_TEXT");
			}
			if (kind == FaultKind.OVERSIZED && (size == null || size < 1)) {
				return invalid("size is required for OVERSIZED and must be at least 1");
			}
			if (hold != null && hold.isNegative()) {
				return invalid("hold must not be negative");
			}
			return null;
		}

		private static Rejection invalid(String message) {
			return Rejection.badRequest("invalid_fault", message);
		}

	}

	/** A fault as {@code _faults} shows it; durations in ISO-8601, instants in UTC. */
	record FaultView(String id, FaultKind kind, FaultTarget target, @Nullable Integer count,
			@Nullable Integer remaining, @Nullable String duration, @Nullable String expiresAt,
			@Nullable Integer retryAfterSeconds, @Nullable String latency, @Nullable String hold, String addedAt,
			@Nullable Integer httpStatus, @Nullable String statusText, @Nullable Integer size, @Nullable String toNumber) {

		static FaultView of(Fault fault, @Nullable Integer remaining) {
			return new FaultView(fault.id(), fault.kind(), fault.target(), fault.count(), remaining,
					text(fault.duration()), text(fault.expiresAt()), fault.retryAfterSeconds(), text(fault.latency()),
					text(fault.hold()), fault.addedAt().toString(), fault.shape().httpStatus(),
					fault.shape().statusText(), fault.shape().size(), fault.shape().toNumber());
		}

	}

	/**
	 * A call as {@code _calls} shows it.
	 *
	 * @param callSid the call's real id, even when a fault mangled the one answered
	 * @param dialect the dialect's wire name, e.g. {@code agents-v1}
	 * @param path the trigger's path below {@code /sandbox/polyai}, as it came (e.g.
	 * {@code /v1/agents/agent-a/telephony/outbound-calls})
	 * @param credential which credential the trigger came with, as a fingerprint, never the
	 * credential: the first 12 lower-case hex digits of the SHA-256 of its UTF-8 bytes, which a
	 * test computes from the credential it expects
	 * @param toNumber the number as the trigger gave it
	 * @param countryCode the country code the trigger gave, if any
	 * @param dialledNumber the number in E.164 that the sandbox dialled
	 * @param metadata the trigger's metadata
	 * @param receivedAt when the trigger arrived, on the sandbox clock
	 * @param status the call's status now, in its dialect's words
	 * @param endedAt when the call ended, or {@code null} while it goes on
	 * @param detection who picks up the call, or {@code null} for one nobody answers
	 * @param agentReport what the agent's report of the call got so far, or {@code null} while
	 * none was posted
	 */
	record CallView(String callSid, String dialect, String path, String credential, String toNumber,
			@Nullable String countryCode, String dialledNumber, Map<String, String> metadata, String receivedAt,
			String status, @Nullable String endedAt, @Nullable Detection detection,
			AgentReporter.@Nullable Delivery agentReport) {

		static CallView of(SandboxCall call, Instant now, AgentReporter.@Nullable Delivery agentReport) {
			CallTimeline timeline = call.timeline();
			return new CallView(call.callSid(), call.dialect().wireName(), call.path(), call.credential(),
					call.request().toNumber(), call.request().countryCode(), call.request().dialledNumber(),
					call.request().metadata(), timeline.receivedAt().toString(),
					call.dialect().statusOf(timeline.phaseAt(now)), text(timeline.endedBy(now)), timeline.detection(),
					agentReport);
		}

	}

	private static @Nullable String text(@Nullable Object value) {
		return (value != null) ? value.toString() : null;
	}

}
