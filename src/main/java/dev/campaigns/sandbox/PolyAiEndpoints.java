package dev.campaigns.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The three PolyAI dialects' paths, exactly as the real API has them, below
 * {@value #PREFIX}. Bodies are read as text so the sandbox, not a framework, decides what
 * is invalid and says why.
 *
 * <p>A plain servlet on the dialects' path prefixes ({@link #MAPPINGS}), not a controller: an
 * answer that is ready is written on the request's thread, and only one a fault holds back goes
 * asynchronous. A controller returning a {@code DeferredResult} made every answer take a second
 * dispatch through the servlet chain and Spring MVC, about 40 % of the sandbox's CPU per trigger,
 * and where the sandbox shares a machine with the orchestrator under load, that is taken from the
 * orchestrator (the dispatch benchmark). Functional routes would answer on the thread too, but
 * their mapping parses the headers of every request of the application, and fails the
 * orchestrator's own requests with a malformed {@code Content-Type} when the sandbox runs in its
 * process. The control endpoints ({@code /_calls}, {@code /_faults}) stay in Spring MVC.
 */
final class PolyAiEndpoints extends HttpServlet {

	/** Where the fake API lives: the real API's base URL is this prefix on the host. */
	static final String PREFIX = "/sandbox/polyai";

	/** The servlet's mappings: every dialect's paths start with one of these. */
	static final List<String> MAPPINGS = List.of(PREFIX + "/v1/*", PREFIX + "/api/*");

	private static final long serialVersionUID = 1L;

	private final transient Switchboard switchboard;

	private final transient List<Route> routes;

	/** The threads that write trickled bodies ({@code TRICKLE} faults), daemons. */
	private final transient java.util.concurrent.ExecutorService trickling = java.util.concurrent.Executors
		.newCachedThreadPool(task -> {
			Thread thread = new Thread(task, "sandbox-trickle");
			thread.setDaemon(true);
			return thread;
		});

	PolyAiEndpoints(Switchboard switchboard) {
		this.switchboard = switchboard;
		this.routes = List.of(trigger("/v1/outbound-calling", Dialect.OUTBOUND_CALLING_V1, path -> CallScope.NONE),
				status("/v1/outbound-calling/([^/]+)/status", Dialect.OUTBOUND_CALLING_V1, path -> CallScope.NONE, 1),
				trigger("/v1/agents/([^/]+)/telephony/outbound-calls", Dialect.AGENTS_V1,
						path -> CallScope.agent(path.group(1))),
				// not in PolyAI's spec: the agents dialect's status path is ours to choose (configurable in the adapter)
				status("/v1/agents/([^/]+)/telephony/outbound-calls/([^/]+)", Dialect.AGENTS_V1,
						path -> CallScope.agent(path.group(1)), 2),
				trigger("/api/v1/([^/]+)/([^/]+)/outbound-call/trigger", Dialect.PLATFORM_V1,
						path -> CallScope.project(path.group(1), path.group(2))),
				status("/api/v1/([^/]+)/([^/]+)/outbound-call/status/([^/]+)", Dialect.PLATFORM_V1,
						path -> CallScope.project(path.group(1), path.group(2)), 3));
	}

	/** One of the dialects' paths: its method, its pattern below {@link #PREFIX}, and how it is answered. */
	private record Route(String method, Pattern path, BiFunction<Matcher, HttpServletRequest, Switchboard.Reply> answer) {
	}

	/** A dialect's trigger path; its credential comes in the dialect's own header. */
	private Route trigger(String path, Dialect dialect, Function<Matcher, CallScope> scope) {
		// the pattern matched the whole path, so group 0 is the path the trigger came to
		return new Route("POST", Pattern.compile(path), (matched, request) -> switchboard.trigger(dialect,
				scope.apply(matched), matched.group(), request.getHeader(dialect.authHeader()), body(request)));
	}

	private Route status(String path, Dialect dialect, Function<Matcher, CallScope> scope, int callSidGroup) {
		return new Route("GET", Pattern.compile(path), (matched, request) -> switchboard.status(dialect,
				scope.apply(matched), request.getHeader(dialect.authHeader()), matched.group(callSidGroup)));
	}

	@Override
	protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
		// the servlet path and the path info are decoded by the container, as path variables were
		String path = request.getServletPath().substring(PREFIX.length())
				+ (request.getPathInfo() == null ? "" : request.getPathInfo());
		boolean pathKnown = false;
		for (Route route : routes) {
			Matcher matched = route.path().matcher(path);
			if (!matched.matches()) {
				continue;
			}
			pathKnown = true;
			if (route.method().equals(request.getMethod())) {
				answer(route.answer().apply(matched, request), request, response);
				return;
			}
		}
		Rejection refused = pathKnown
				? new Rejection(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
						request.getMethod() + " is not allowed on " + PREFIX + path)
				: Rejection.notFound("not_found", "no such path: " + PREFIX + path);
		write(SandboxJson.reply(refused), response);
	}

	private void answer(Switchboard.Reply reply, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		if (!reply.trickle().isZero()) {
			trickle(reply, request);
			return;
		}
		ResponseEntity<String> ready = reply.answer().getNow(null);
		if (ready != null) {
			write(ready, response);
			return;
		}
		AsyncContext async = request.startAsync();
		async.setTimeout(reply.timeout().toMillis());
		reply.answer().whenComplete((answer, failure) -> {
			try {
				if (answer != null) {
					write(answer, (HttpServletResponse) async.getResponse());
				}
			}
			catch (IOException ex) {
				// the client went away while its answer was held back: nothing to tell it
			}
			finally {
				async.complete();
			}
		});
	}

	/**
	 * Writes the answer's headers at once and its body one byte per {@code reply.trickle()}, on a
	 * thread of its own (a peer that sends headers and then its body slowly); stops when the
	 * client goes away.
	 */
	private void trickle(Switchboard.Reply reply, HttpServletRequest request) {
		AsyncContext async = request.startAsync();
		async.setTimeout(reply.timeout().toMillis());
		// a trickled answer is ready when made; only its writing is slow
		ResponseEntity<String> answer = reply.answer().getNow(SandboxJson.reply(HttpStatus.INTERNAL_SERVER_ERROR,
				new SandboxJson.ErrorBody("internal_error", "a trickled answer was not ready")));
		trickling.execute(() -> {
			HttpServletResponse response = (HttpServletResponse) async.getResponse();
			try {
				response.setStatus(answer.getStatusCode().value());
				answer.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
				byte[] body = answer.getBody() == null ? new byte[0] : answer.getBody().getBytes(StandardCharsets.UTF_8);
				response.setContentLength(body.length);
				response.flushBuffer();
				for (byte b : body) {
					Thread.sleep(reply.trickle().toMillis());
					response.getOutputStream().write(b);
					response.flushBuffer();
				}
			}
			catch (IOException | InterruptedException ex) {
				// the client gave up on the slow body, as it should
			}
			finally {
				async.complete();
			}
		});
	}

	private static void write(ResponseEntity<String> answer, HttpServletResponse response) throws IOException {
		response.setStatus(answer.getStatusCode().value());
		HttpHeaders headers = answer.getHeaders();
		headers.forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
		byte[] body = answer.getBody() == null ? new byte[0] : answer.getBody().getBytes(StandardCharsets.UTF_8);
		if (headers.getContentLength() < 0) {
			response.setContentLength(body.length);
		}
		response.getOutputStream().write(body);
	}

	/** The body as text, or null when there is none (as an optional {@code @RequestBody} had it). */
	private static @Nullable String body(HttpServletRequest request) {
		try {
			byte[] bytes = request.getInputStream().readAllBytes();
			return bytes.length == 0 ? null : new String(bytes, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
