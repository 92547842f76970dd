package dev.campaigns.sandbox;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's tool on every answered sandbox call, on the sandbox clock (so a test's simulated
 * time drives it too), posting to the calling system's outcome endpoint as a PolyAI function
 * would: when a person answered, the detection alone (sequence 0) once the agent has told
 * ({@code detection-time} after the answer) and its result with a disposition (sequence 1) as
 * the call ends; when anything else answered, only the result, as the agent hangs up. A report refused for want of a server (an I/O error, a 5xx or
 * a 429) is tried again, up to {@link #ATTEMPTS} times; any other answer is final. What each
 * call's report got is kept for {@code _calls}.
 */
final class AgentReporter implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(AgentReporter.class);

	/** How many times one report is posted before the agent gives up on it. */
	static final int ATTEMPTS = 5;

	/** How often the reporter looks for reports that have fallen due, in real time. */
	private static final Duration TICK = Duration.ofMillis(50);

	/** The whole deadline of one post; the answer's body is never read. */
	private static final Duration DEADLINE = Duration.ofSeconds(5);

	/** The wait before a refused report is tried again, times its attempt. */
	private static final Duration RETRY_STEP = Duration.ofSeconds(2);

	/** What became of one call's report, as {@code _calls} shows it. */
	record Delivery(int attempts, @Nullable Integer httpStatus, @Nullable String error) {
	}

	private record Pending(SandboxCall call, Instant dueAt, boolean last, int attempt) {
	}

	private final Clock clock;

	private final AgentSettings configured;

	private volatile AgentSettings agent;

	private final PriorityBlockingQueue<Pending> pending = new PriorityBlockingQueue<>(64,
			Comparator.comparing(Pending::dueAt));

	private final Map<String, Delivery> deliveries = new ConcurrentHashMap<>();

	/** Reports posted and not answered yet. */
	private final AtomicInteger inFlight = new AtomicInteger();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
		Thread thread = new Thread(runnable, "sandbox-agent-reports");
		thread.setDaemon(true);
		return thread;
	});

	/** Resolves property placeholders in the report URL, such as the server's port once it is known. */
	private final UnaryOperator<String> resolver;

	/** How long after the answer the agent has told who answered. */
	private final Duration detectionTime;

	AgentReporter(AgentSettings configured, Duration detectionTime, Clock clock) {
		this(configured, detectionTime, clock, UnaryOperator.identity());
	}

	AgentReporter(AgentSettings configured, Duration detectionTime, Clock clock, UnaryOperator<String> resolver) {
		this.detectionTime = detectionTime;
		this.resolver = resolver;
		this.configured = configured;
		this.agent = configured;
		this.clock = clock;
		ticker.scheduleWithFixedDelay(this::reportDue, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** The agent as it reports now: as configured, or as a test set it. */
	AgentSettings agent() {
		return agent;
	}

	/** Reports from now on go as {@code agent} says. */
	void use(AgentSettings agent) {
		this.agent = agent;
	}

	/** Reports from now on go as configured ({@code orchestrator.sandbox.agent}). */
	void useConfigured() {
		this.agent = configured;
	}

	/** Plans the report of a call just placed, if it will be answered and the agent reports. */
	void expect(SandboxCall call) {
		CallTimeline timeline = call.timeline();
		if (timeline.answeredAt() == null || timeline.detection() == null || !agent.reports()) {
			return;
		}
		Instant detectedAt = timeline.answeredAt().plus(detectionTime);
		if (timeline.detection() == Detection.HUMAN && detectedAt.isBefore(timeline.endedAt())) {
			pending.add(new Pending(call, detectedAt, false, 1));
		}
		pending.add(new Pending(call, timeline.endedAt(), true, 1));
	}

	/** What the report of that call got so far; empty while none was posted. */
	Optional<Delivery> deliveryOf(String callSid) {
		return Optional.ofNullable(deliveries.get(callSid));
	}

	/**
	 * Reports due by now on the sandbox clock that are not answered yet: a test on simulated time
	 * waits for none to be left before it moves on.
	 */
	int outstanding() {
		Instant now = clock.instant();
		return inFlight.get() + (int) pending.stream().filter(next -> !next.dueAt().isAfter(now)).count();
	}

	/** Forgets every planned and past report, with the calls they were of. */
	void forgetAll() {
		pending.clear();
		deliveries.clear();
	}

	@Override
	public void close() {
		ticker.shutdownNow();
	}

	/** Posts every report due by now on the sandbox clock. */
	void reportDue() {
		Instant now = clock.instant();
		for (Pending next = pending.peek(); next != null && !next.dueAt().isAfter(now); next = pending.peek()) {
			Pending due = pending.poll();
			if (due != null) {
				post(due, now);
			}
		}
	}

	private void post(Pending due, Instant now) {
		AgentSettings reporting = agent;
		if (!reporting.reports()) {
			return;
		}
		SandboxCall call = due.call();
		HttpRequest request = HttpRequest.newBuilder(reporting.reportUrlOf(call.callSid(), resolver))
			.timeout(DEADLINE)
			.header("Authorization", "Bearer " + reporting.apiKey())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofString(SandboxJson.MAPPER.writeValueAsString(body(call, due.last(), reporting))))
			.build();
		inFlight.incrementAndGet();
		http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
			int status = (response != null) ? response.statusCode() : 0;
			boolean refused = failure != null || status == 429 || status >= 500;
			deliveries.put(call.callSid(), new Delivery(due.attempt(), (response != null) ? status : null,
					(failure != null) ? String.valueOf(failure) : null));
			if (refused && due.attempt() < ATTEMPTS) {
				pending.add(new Pending(call, now.plus(RETRY_STEP.multipliedBy(due.attempt())), due.last(),
						due.attempt() + 1));
			}
			else if (refused || status >= 400) {
				log.warn("The sandbox agent's report of call {} was refused: {}", call.callSid(),
						(failure != null) ? failure.toString() : "HTTP " + status);
			}
			inFlight.decrementAndGet();
		});
	}

	/** The report as the outcome endpoint takes it: the detection alone, or the {@code last} word. */
	private static Map<String, @Nullable Object> body(SandboxCall call, boolean last, AgentSettings reporting) {
		CallTimeline timeline = call.timeline();
		Detection detection = timeline.detection();
		Map<String, @Nullable Object> body = new LinkedHashMap<>();
		body.put("detection", String.valueOf(detection));
		if (!last) {
			return body;
		}
		body.put("disposition", (detection != null) ? detection.disposition() : null);
		Duration retryAfter = reporting.voicemailRetryAfter();
		body.put("retryAt", (detection == Detection.VOICEMAIL && retryAfter != null && timeline.answeredAt() != null)
				? timeline.answeredAt().plus(retryAfter).toString() : null);
		body.put("notes", "sandbox agent detected " + detection);
		body.put("sequence", 1);
		return body;
	}

}
