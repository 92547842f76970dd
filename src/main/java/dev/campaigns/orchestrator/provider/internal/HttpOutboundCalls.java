package dev.campaigns.orchestrator.provider.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import dev.campaigns.orchestrator.net.TargetCheck;
import dev.campaigns.orchestrator.net.TargetRefused;
import dev.campaigns.orchestrator.provider.CallRequest;
import dev.campaigns.orchestrator.provider.CallStatus;
import dev.campaigns.orchestrator.provider.Dialect;
import dev.campaigns.orchestrator.provider.OutboundCalls;
import dev.campaigns.orchestrator.provider.ProviderSettings;
import dev.campaigns.orchestrator.provider.StatusMapping;
import dev.campaigns.orchestrator.provider.StatusResult;
import dev.campaigns.orchestrator.provider.TriggerResult;
import dev.campaigns.orchestrator.web.BoundedExchange;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link OutboundCalls} over HTTP in one dialect. The line that matters is between "the
 * request never left" (connect refused or timed out, 500/502/503: retried with backoff) and
 * "the request was sent" (timeout or reset afterwards, a malformed answer): a trigger in the
 * second case may have placed a call and the API has no idempotency key, so it is reported
 * as {@link TriggerResult.OutcomeUnknown} and never retried. A port with a {@link TargetCheck}
 * (a stored connection's) checks the host's addresses just before each exchange, and sends
 * nothing to a refused one.
 */
class HttpOutboundCalls implements OutboundCalls {

	private final DialectProtocol protocol;

	private final ProviderSettings settings;

	private final Supplier<URI> baseUrl;

	private final HttpClient client;

	private final JsonMapper json;

	private final Retry triggerRetry;

	private final CircuitBreaker triggerBreaker;

	private final Retry statusRetry;

	private final CircuitBreaker statusBreaker;

	private final MeterRegistry meters;

	private final ProviderAnswers answers;

	private final StatusMapping mapping;

	/** Calls whose last status request failed (the most recent {@link #FAILING_KEPT}). */
	private final java.util.Set<String> failing = java.util.Collections.newSetFromMap(
			java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(16, 0.75f, false) {
				@Override
				protected boolean removeEldestEntry(java.util.Map.Entry<String, Boolean> eldest) {
					return size() > FAILING_KEPT;
				}
			}));

	private static final int FAILING_KEPT = 10_000;

	/** The shortest exchange worth starting before a call's deadline. */
	private static final Duration MIN_EXCHANGE = Duration.ofMillis(50);

	/** Where "no deadline" ends, so that durations stay computable. */
	private static final Instant FAR = Instant.parse("9999-01-01T00:00:00Z");

	private final Clock clock;

	private final @Nullable TargetCheck targets;

	/** @param targets the addresses a stored connection's port may send to; null for the operator's connection */
	HttpOutboundCalls(DialectProtocol protocol, ProviderSettings settings, Supplier<URI> baseUrl, HttpClient client,
			JsonMapper json, Resilience resilience, MeterRegistry meters, Clock clock, @Nullable TargetCheck targets) {
		this.protocol = protocol;
		this.settings = settings;
		this.baseUrl = baseUrl;
		this.client = client;
		this.json = json;
		this.triggerRetry = resilience.triggerRetry();
		this.triggerBreaker = resilience.triggerBreaker();
		this.statusRetry = resilience.statusRetry();
		this.statusBreaker = resilience.statusBreaker();
		this.meters = meters;
		this.answers = new ProviderAnswers(settings, json, clock);
		this.mapping = settings.mapping();
		this.clock = clock;
		this.targets = targets;
	}

	/** The retry and circuit-breaker instances, one pair for triggers and one for status reads. */
	record Resilience(Retry triggerRetry, CircuitBreaker triggerBreaker, Retry statusRetry,
			CircuitBreaker statusBreaker) {
	}

	@Override
	public Dialect dialect() {
		return protocol.dialect();
	}

	@Override
	public TriggerResult trigger(CallRequest request) {
		WireRequest wire = protocol.trigger(request);
		Callable<TriggerResult> guarded = Retry.decorateCallable(triggerRetry,
				CircuitBreaker.decorateCallable(triggerBreaker, () -> exchangeTrigger(wire)));
		TriggerResult result;
		try {
			result = guarded.call();
		}
		catch (ProviderUnavailable ex) {
			result = new TriggerResult.Unavailable(ex.getMessage());
		}
		catch (CallNotPermittedException ex) {
			result = new TriggerResult.Unavailable("circuit breaker " + triggerBreaker.getName() + " is open");
		}
		catch (ProviderOutcomeUnknown ex) {
			result = new TriggerResult.OutcomeUnknown(ex.getMessage());
		}
		catch (Exception ex) {
			// nothing else is thrown by exchangeTrigger; if it were, the request may have been sent
			result = new TriggerResult.OutcomeUnknown("unexpected failure: " + ex);
		}
		meters.counter("orchestrator.provider.triggers", "dialect", dialect().id(), "result",
				result.getClass().getSimpleName()).increment();
		return result;
	}

	/**
	 * {@inheritDoc} A call whose last status request failed is asked again outside the retry
	 * and the breaker: the provider being down shows in many calls failing, and one call whose
	 * answer keeps failing must not open the breaker for all the others.
	 */
	@Override
	public StatusResult status(String callSid, Instant answerBy) {
		String path = protocol.statusPath(callSid);
		Callable<StatusResult> guarded = failing.contains(callSid) ? () -> exchangeStatus(path, answerBy)
				: Retry.decorateCallable(statusRetry, CircuitBreaker.decorateCallable(statusBreaker,
						() -> exchangeStatus(path, answerBy)));
		StatusResult result;
		try {
			result = guarded.call();
		}
		catch (ProviderUnavailable ex) {
			result = new StatusResult.Unavailable(ex.getMessage());
		}
		catch (CallNotPermittedException ex) {
			result = new StatusResult.Unavailable("circuit breaker " + statusBreaker.getName() + " is open");
		}
		catch (Exception ex) {
			result = new StatusResult.Unavailable("unexpected failure: " + ex);
		}
		if (result instanceof StatusResult.Unavailable) {
			failing.add(callSid);
		}
		else {
			failing.remove(callSid);
		}
		meters.counter("orchestrator.provider.status.requests", "dialect", dialect().id(), "result",
				result.getClass().getSimpleName()).increment();
		return result;
	}

	private TriggerResult exchangeTrigger(WireRequest wire) {
		HttpRequest request = request(wire.path())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(wire.body())))
			.build();
		String refusal = targetRefusal(request.uri());
		if (refusal != null) {
			// certainly not placed, and no retry or redial will place it: the campaign pauses with the reason
			return new TriggerResult.ConfigurationRejected(TriggerResult.ConfigurationRejected.NOT_SENT, refusal);
		}
		HttpResponse<String> response;
		try {
			response = exchange(request);
		}
		catch (HttpConnectTimeoutException | ConnectException ex) {
			throw new ProviderUnavailable("cannot connect to " + request.uri().getHost() + ": " + describe(ex));
		}
		catch (HttpTimeoutException ex) {
			throw new ProviderOutcomeUnknown(
					"no whole answer within " + settings.responseTimeout() + " after the trigger was sent");
		}
		catch (BoundedExchange.AnswerTooLarge ex) {
			throw new ProviderOutcomeUnknown("the answer to the trigger was larger than "
					+ settings.maxAnswerSize().toBytes() + " bytes");
		}
		catch (IOException ex) {
			throw new ProviderOutcomeUnknown("connection lost after the trigger was sent: " + describe(ex));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ProviderOutcomeUnknown("interrupted while waiting for the trigger's answer");
		}
		int status = response.statusCode();
		if (status >= 200 && status < 300) {
			return accepted(response.body());
		}
		return switch (status) {
			case 400 -> new TriggerResult.Rejected(answers.reason(response));
			case 401, 403, 404 -> new TriggerResult.ConfigurationRejected(status, answers.reason(response));
			case 429 -> new TriggerResult.Throttled(answers.retryAfter(response));
			case 500, 502, 503 -> throw new ProviderUnavailable(answers.reason(response));
			default -> {
				if (status < 500) {
					yield new TriggerResult.Rejected(answers.reason(response));
				}
				// e.g. 504 from a gateway: the provider may have taken the call before it timed out
				throw new ProviderOutcomeUnknown(answers.reason(response));
			}
		};
	}

	private TriggerResult accepted(String body) {
		JsonNode answer = answers.parse(body);
		String callSid = answer == null ? null : protocol.callSid(answer);
		if (callSid == null || !callSid.startsWith("OUT-")) {
			throw new ProviderOutcomeUnknown("the provider accepted the trigger but answered no call id starting"
					+ " with OUT-: " + ProviderAnswers.abbreviate(body));
		}
		String raw = protocol.status(answer);
		return raw == null ? new TriggerResult.Accepted(callSid, CallStatus.QUEUED, null)
				: new TriggerResult.Accepted(callSid, protocol.vocabulary().meaning(raw, mapping), RawStatus.safe(raw));
	}

	/**
	 * One status exchange. The provider being down (no connection, no whole answer in time, 5xx)
	 * is thrown, for the retry and the breaker; an answer about this call that is odd (another
	 * 4xx, no status, a body too large) is returned as {@link StatusResult.Unavailable}: it says
	 * nothing of the provider, and must not open the breaker for every other call.
	 */
	private StatusResult exchangeStatus(String path, Instant answerBy) {
		Duration left = Duration.between(clock.instant(), answerBy.isBefore(FAR) ? answerBy : FAR);
		if (left.compareTo(MIN_EXCHANGE) < 0) {
			// not thrown: a call past its deadline says nothing of the provider, and is not retried
			return new StatusResult.Unavailable("no status request after the call's retention deadline");
		}
		Duration deadline = left.compareTo(settings.responseTimeout()) < 0 ? left : settings.responseTimeout();
		HttpRequest request = request(path).timeout(deadline).GET().build();
		String refusal = targetRefusal(request.uri());
		if (refusal != null) {
			return new StatusResult.ConfigurationRejected(TriggerResult.ConfigurationRejected.NOT_SENT, refusal);
		}
		HttpResponse<String> response;
		try {
			response = BoundedExchange.send(client, request, deadline, settings.maxAnswerSize().toBytes());
		}
		catch (BoundedExchange.AnswerTooLarge ex) {
			return new StatusResult.Unavailable("the status answer was larger than "
					+ settings.maxAnswerSize().toBytes() + " bytes");
		}
		catch (HttpTimeoutException ex) {
			if (deadline.compareTo(settings.responseTimeout()) < 0) {
				// cut by the call's own deadline, not the provider's: it says nothing of the provider
				return new StatusResult.Unavailable("no whole status answer by the call's retention deadline");
			}
			throw new ProviderUnavailable("status request failed: " + describe(ex));
		}
		catch (IOException ex) {
			throw new ProviderUnavailable("status request failed: " + describe(ex));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ProviderUnavailable("interrupted while reading a status");
		}
		int status = response.statusCode();
		if (status >= 200 && status < 300) {
			JsonNode answer = answers.parse(response.body());
			String raw = answer == null ? null : protocol.status(answer);
			if (raw == null) {
				return new StatusResult.Unavailable("status answer without a status: " + ProviderAnswers.abbreviate(response.body()));
			}
			return new StatusResult.Observed(protocol.vocabulary().meaning(raw, mapping), RawStatus.safe(raw),
					RawAnswer.safe(response.body()), protocol.durationSeconds(answer), protocol.endedAt(answer));
		}
		return switch (status) {
			case 404 -> new StatusResult.NotFound();
			case 401, 403 -> new StatusResult.ConfigurationRejected(status, answers.reason(response));
			case 429 -> new StatusResult.Throttled(answers.retryAfter(response));
			default -> {
				if (status < 500) {
					yield new StatusResult.Unavailable(answers.reason(response));
				}
				throw new ProviderUnavailable(answers.reason(response));
			}
		};
	}

	/**
	 * Why nothing may be sent to {@code uri}'s host now, or null. Checked just before each
	 * exchange: the client then looks the name up again and gets it from the JVM's address cache
	 * ({@code networkaddress.cache.ttl}) the check filled, so the address checked is the one
	 * connected to unless that cache entry expires in between.
	 * @throws ProviderUnavailable the host has no address now; nothing was sent
	 */
	private @Nullable String targetRefusal(URI uri) {
		if (targets == null) {
			return null;
		}
		try {
			targets.addresses(uri.getHost());
			return null;
		}
		catch (TargetRefused ex) {
			return "the connection's base URL " + ex.getMessage() + "; nothing was sent";
		}
		catch (UnknownHostException ex) {
			throw new ProviderUnavailable("cannot resolve " + uri.getHost() + "; nothing was sent");
		}
	}

	private HttpResponse<String> exchange(HttpRequest request) throws IOException, InterruptedException {
		return BoundedExchange.send(client, request, settings.responseTimeout(), settings.maxAnswerSize().toBytes());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(stripTrailingSlash(baseUrl.get().toString()) + path))
			.timeout(settings.responseTimeout())
			.header("Accept", "application/json")
			.header(protocol.authHeader(), settings.authToken() == null ? "" : settings.authToken());
	}

	private static String describe(Exception ex) {
		return ex.getMessage() != null ? ex.getClass().getSimpleName() + " " + ex.getMessage()
				: ex.getClass().getSimpleName();
	}

	private static String stripTrailingSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

}
