package dev.campaigns.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The fake PolyAI API behind every dialect's endpoints: checks credentials and paths (with
 * {@link SandboxConnections}) and bodies, applies injected faults, places calls (whose agent
 * reports what it detected through {@link AgentReporter}) and reports their status.
 *
 * <p>A trigger is checked in this order: credential (401), path identity (404), body (400);
 * only then may a fault hit it, so a test's fault is never used up by a request that was
 * refused anyway. A status request: credential, path identity, fault, then the lookup (404).
 * Delayed and withheld answers wait on a timer, not on a servlet thread; every other answer
 * is ready when the method returns, so its request is answered on its thread (no asynchronous
 * dispatch, which cost a second pass through the servlet chain for every trigger).
 */
final class Switchboard implements AutoCloseable {

	/**
	 * The body promised to a dropped client is never sent in full, so the client sees a
	 * broken connection rather than an answer it could act on.
	 */
	private static final int DROPPED_BODY_LENGTH = 1024;

	/** Extra time before the servlet container gives up on an answer that is deliberately late. */
	private static final Duration ASYNC_TIMEOUT_MARGIN = Duration.ofSeconds(10);

	private static final String CALL_SID_PREFIX = "OUT-";

	/**
	 * The answer to one request: complete when returned, or completed later by the timer (a
	 * fault delays or withholds it), which the servlet container must then wait for up to
	 * {@code timeout}.
	 */
	record Reply(CompletableFuture<ResponseEntity<String>> answer, Duration timeout, Duration trickle) {

		Reply(CompletableFuture<ResponseEntity<String>> answer, Duration timeout) {
			this(answer, timeout, Duration.ZERO);
		}

	}

	private final SandboxSettings settings;

	private final SandboxConnections connections;

	private final Clock clock;

	private final CallBook calls;

	private final FaultBook faults;

	/** The one call id each {@code REPEATED_CALL_SID} fault answers. */
	private final Map<String, String> repeatedSids = new ConcurrentHashMap<>();

	private final CallPlanner planner;

	private final ScriptedDetections scripts;

	private final AgentReporter agent;

	private final TriggerValidator validator = new TriggerValidator(SandboxJson.MAPPER);

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
		Thread thread = new Thread(runnable, "sandbox-delayed-answers");
		thread.setDaemon(true);
		return thread;
	});

	Switchboard(SandboxSettings settings, Clock clock, CallBook calls, FaultBook faults, ScriptedDetections scripts,
			AgentReporter agent) {
		this.settings = settings;
		this.scripts = scripts;
		this.agent = agent;
		this.connections = new SandboxConnections(settings);
		this.clock = clock;
		this.calls = calls;
		this.faults = faults;
		this.planner = new CallPlanner(settings);
	}

	/**
	 * Answers a trigger that came to {@code path} (below {@link PolyAiEndpoints#PREFIX}): places
	 * the call and replies with the dialect's trigger response, unless the request is refused, a
	 * fault hits it, or it falls in the error rate.
	 */
	Reply trigger(Dialect dialect, CallScope scope, String path, @Nullable String credential,
			@Nullable String body) {
		Instant now = clock.instant();
		Rejection refused = connections.refusal(dialect, scope, credential);
		if (refused != null) {
			return answered(SandboxJson.reply(refused));
		}
		TriggerCheck check = validator.check(dialect, body);
		if (check instanceof Rejection invalid) {
			return answered(SandboxJson.reply(invalid));
		}
		CallRequest request = (CallRequest) check;
		Optional<Fault> fault = faults.claim(FaultTarget.TRIGGER, request.toNumber(), now);
		if (fault.isPresent() && fault.get().kind().refusesRequest()) {
			return answered(refusedBy(fault.get()));
		}
		// the error rate stays out of the way of a fault a test asked for
		if (fault.isEmpty() && planner.failsSpontaneously()) {
			return answered(SandboxJson.reply(HttpStatus.INTERNAL_SERVER_ERROR, new SandboxJson.ErrorBody(
					"internal_error", "failed to place the outbound call (sandbox error-rate); retry with backoff")));
		}
		// not refused, so a credential came
		SandboxCall call = new SandboxCall(CALL_SID_PREFIX + UUID.randomUUID(), dialect, scope, path,
				SandboxConnections.fingerprint(Objects.requireNonNull(credential)), request,
				planner.plan(now, scripts.of(request.dialledNumber())));
		calls.record(call);
		agent.expect(call);
		String answeredSid = hits(fault, FaultKind.BAD_CALL_SID) ? withoutPrefix(call.callSid())
				: hits(fault, FaultKind.REPEATED_CALL_SID)
						? repeatedSids.computeIfAbsent(repeatKey(fault.get()),
								key -> CALL_SID_PREFIX + "repeated-" + UUID.randomUUID())
						: call.callSid();
		return delivered(SandboxJson.reply(HttpStatus.OK, dialect.triggerResponse(answeredSid)), fault);
	}

	/**
	 * Answers a status request with the call's status at this instant in the dialect's
	 * vocabulary; 404 for a call this dialect and scope never placed, or one forgotten after
	 * the retention window.
	 */
	Reply status(Dialect dialect, CallScope scope, @Nullable String credential,
			String callSid) {
		Instant now = clock.instant();
		Rejection refused = connections.refusal(dialect, scope, credential);
		if (refused != null) {
			return answered(SandboxJson.reply(refused));
		}
		Optional<SandboxCall> placed = calls.find(callSid)
			.filter(candidate -> candidate.dialect() == dialect && candidate.scope().equals(scope));
		Optional<Fault> fault = faults.claim(FaultTarget.STATUS,
				placed.map(candidate -> candidate.request().toNumber()).orElse(null), now);
		if (fault.isPresent() && fault.get().kind().refusesRequest()) {
			return answered(refusedBy(fault.get()));
		}
		Optional<SandboxCall> call = placed
			.filter(candidate -> !candidate.timeline().isForgottenAt(now, settings.retention()));
		if (call.isEmpty()) {
			return delivered(SandboxJson.reply(Rejection.notFound("not_found", "no call with id '" + callSid + "'")),
					fault);
		}
		if (hits(fault, FaultKind.NO_STATUS)) {
			return answered(SandboxJson.reply(HttpStatus.OK, Map.of("message", "no status (sandbox fault)")));
		}
		String status = hits(fault, FaultKind.STATUS_TEXT) ? fault.get().shape().statusText()
				: dialect.statusOf(call.get().timeline().phaseAt(now));
		String answeredSid = hits(fault, FaultKind.BAD_CALL_SID) ? withoutPrefix(callSid) : callSid;
		return delivered(SandboxJson.reply(HttpStatus.OK, dialect.statusResponse(answeredSid, status)), fault);
	}

	/** Stops the timer; answers still held back are never sent. */
	@Override
	public void close() {
		timer.shutdownNow();
	}

	private static ResponseEntity<String> refusedBy(Fault fault) {
		return switch (fault.kind()) {
			case HTTP_500 -> SandboxJson.reply(HttpStatus.INTERNAL_SERVER_ERROR, new SandboxJson.ErrorBody(
					"internal_error", "failed to place the outbound call (sandbox fault " + fault.id() + ")"));
			case HTTP_502 -> SandboxJson.reply(HttpStatus.BAD_GATEWAY, new SandboxJson.ErrorBody("bad_gateway",
					"outbound calling service unavailable (sandbox fault " + fault.id() + ")"));
			case HTTP_429 -> {
				ResponseEntity<String> tooMany = SandboxJson.reply(HttpStatus.TOO_MANY_REQUESTS,
						new SandboxJson.ErrorBody("rate_limited", "too many requests (sandbox fault " + fault.id() + ")"));
				yield (fault.retryAfterSeconds() == null) ? tooMany
						: ResponseEntity.status(tooMany.getStatusCode())
							.headers(tooMany.getHeaders())
							.header(HttpHeaders.RETRY_AFTER, String.valueOf(fault.retryAfterSeconds()))
							.body(tooMany.getBody());
			}
			case HTTP_STATUS -> ResponseEntity.status(fault.shape().httpStatus())
				.contentType(MediaType.APPLICATION_JSON)
				.body(SandboxJson.MAPPER.writeValueAsString(new SandboxJson.ErrorBody("sandbox_fault",
						"HTTP " + fault.shape().httpStatus() + " (sandbox fault " + fault.id() + ")")));
			default -> throw new IllegalArgumentException(fault.kind() + " does not refuse requests");
		};
	}

	private Reply delivered(ResponseEntity<String> response, Optional<Fault> fault) {
		if (hits(fault, FaultKind.OVERSIZED)) {
			return answered(padded(response, fault.get().shape().size()));
		}
		if (hits(fault, FaultKind.TRICKLE)) {
			Duration perByte = fault.get().latency();
			int length = response.getBody() == null ? 0 : response.getBody().getBytes(StandardCharsets.UTF_8).length;
			return new Reply(CompletableFuture.completedFuture(response),
					perByte.multipliedBy(length + 1).plus(ASYNC_TIMEOUT_MARGIN), perByte);
		}
		if (hits(fault, FaultKind.LATENCY)) {
			return later(response, fault.get().latency());
		}
		if (hits(fault, FaultKind.DROP_RESPONSE)) {
			Duration hold = fault.get().hold();
			return later(broken(response), (hold != null) ? hold : settings.dropHold());
		}
		return answered(response);
	}

	private static Reply answered(ResponseEntity<String> response) {
		return new Reply(CompletableFuture.completedFuture(response), Duration.ZERO);
	}

	private Reply later(ResponseEntity<String> response, @Nullable Duration delay) {
		Duration wait = (delay != null) ? delay : Duration.ZERO;
		CompletableFuture<ResponseEntity<String>> answer = new CompletableFuture<>();
		timer.schedule(() -> answer.complete(response), wait.toNanos(), TimeUnit.NANOSECONDS);
		return new Reply(answer, wait.plus(ASYNC_TIMEOUT_MARGIN));
	}

	/**
	 * A response that promises more body than it sends and then closes the connection, which
	 * an HTTP client reports as an I/O error, like a connection reset mid-answer.
	 */
	private static ResponseEntity<String> broken(ResponseEntity<String> response) {
		return ResponseEntity.status(response.getStatusCode())
			.contentType(MediaType.APPLICATION_JSON)
			.contentLength(DROPPED_BODY_LENGTH)
			// without it the container keeps the connection open, and the client waits for the rest
			.header(HttpHeaders.CONNECTION, "close")
			.body("{");
	}

	/** The answer with its JSON body padded by a field of blanks to {@code size} bytes (at least as it was). */
	private static ResponseEntity<String> padded(ResponseEntity<String> response, int size) {
		String body = response.getBody() == null ? "{}" : response.getBody();
		int missing = size - body.getBytes(StandardCharsets.UTF_8).length - ",\"padding\":\"\"".length();
		if (missing <= 0 || !body.endsWith("}")) {
			return response;
		}
		String open = body.substring(0, body.length() - 1);
		String padded = open + (open.trim().endsWith("{") ? "" : ",") + "\"padding\":\"" + " ".repeat(missing) + "\"}";
		return ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders()).body(padded);
	}

	/** Faults that name the same {@code statusText} answer the same call id; else each its own. */
	private static String repeatKey(Fault fault) {
		return fault.shape().statusText() != null ? "text:" + fault.shape().statusText() : "fault:" + fault.id();
	}

	private static boolean hits(Optional<Fault> fault, FaultKind kind) {
		return fault.isPresent() && fault.get().kind() == kind;
	}

	private static String withoutPrefix(String callSid) {
		return callSid.startsWith(CALL_SID_PREFIX) ? callSid.substring(CALL_SID_PREFIX.length()) : callSid;
	}

}
