package dev.campaigns.orchestrator.notify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

/**
 * A real webhook endpoint on a free port of 127.0.0.1 (one receiver, as the deliverer counts
 * them: scheme, host and port). Each path is its own endpoint: it can be told to answer 500 to
 * its first requests (or to all), to answer late, to trickle its answer or to answer with a
 * large body; it keeps every request it got, and how many it handled at once at most.
 */
final class WebhookReceiver implements AutoCloseable {

	/** One request as it arrived, with the answer it got and the test clock's time then. */
	record Received(String path, @Nullable String id, @Nullable String timestamp, @Nullable String signature,
			@Nullable String contentType, String body, int answer, long receivedAtEpochSecond) {

		boolean accepted() {
			return answer / 100 == 2;
		}

	}

	/** How a path answers once it has read the request. */
	@FunctionalInterface
	private interface Answering {

		void answer(HttpExchange exchange, int status) throws IOException, InterruptedException;

	}

	private final HttpServer server;

	private final ExecutorService threads = Executors.newFixedThreadPool(8);

	private final Clock clock;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();

	private final Map<String, Answering> answering = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> handling = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> busiest = new ConcurrentHashMap<>();

	private WebhookReceiver(Clock clock) {
		this.clock = clock;
		try {
			server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		server.createContext("/", this::handle);
		server.setExecutor(threads);
		server.start();
	}

	static WebhookReceiver start(Clock clock) {
		return new WebhookReceiver(clock);
	}

	String url(String path) {
		return "http://127.0.0.1:" + server.getAddress().getPort() + path;
	}

	/** The next {@code n} requests to {@code path} are answered 500. */
	void failFirst(String path, int n) {
		failuresLeft.put(path, new AtomicInteger(n));
	}

	void failAlways(String path) {
		failFirst(path, Integer.MAX_VALUE);
	}

	void recover(String path) {
		failFirst(path, 0);
	}

	/** Requests to {@code path} are answered 204, each only after {@code delay}. */
	void answerAfter(String path, Duration delay) {
		answering.put(path, (exchange, status) -> {
			Thread.sleep(delay.toMillis());
			exchange.sendResponseHeaders(status, -1);
		});
	}

	/** Requests to {@code path} get their headers at once, then a body of {@code bytes}, one byte each {@code pause}. */
	void trickle(String path, int bytes, Duration pause) {
		answering.put(path, (exchange, status) -> {
			exchange.sendResponseHeaders(status == 204 ? 200 : status, bytes);
			OutputStream out = exchange.getResponseBody();
			for (int i = 0; i < bytes; i++) {
				Thread.sleep(pause.toMillis());
				out.write('.');
				out.flush();
			}
		});
	}

	/** Requests to {@code path} are answered 200 with a body of {@code bytes} at once. */
	void answerWithBody(String path, int bytes) {
		answering.put(path, (exchange, status) -> {
			exchange.sendResponseHeaders(status == 204 ? 200 : status, bytes);
			byte[] chunk = new byte[64 * 1024];
			OutputStream out = exchange.getResponseBody();
			for (int left = bytes; left > 0; left -= chunk.length) {
				out.write(chunk, 0, Math.min(left, chunk.length));
			}
		});
	}

	List<Received> received(String path) {
		return received.stream().filter(request -> request.path().equals(path)).toList();
	}

	List<Received> accepted(String path) {
		return received(path).stream().filter(Received::accepted).toList();
	}

	/** The most requests to {@code path} this receiver was handling at once. */
	int busiest(String path) {
		return busiest.getOrDefault(path, new AtomicInteger()).get();
	}

	private void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		AtomicInteger now = handling.computeIfAbsent(path, key -> new AtomicInteger());
		busiest.computeIfAbsent(path, key -> new AtomicInteger()).accumulateAndGet(now.incrementAndGet(), Math::max);
		try (exchange; InputStream in = exchange.getRequestBody()) {
			String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			AtomicInteger left = failuresLeft.get(path);
			boolean fail = left != null && left.getAndUpdate(n -> n > 0 && n != Integer.MAX_VALUE ? n - 1 : n) > 0;
			int answer = fail ? 500 : 204;
			received.add(new Received(path, exchange.getRequestHeaders().getFirst("Webhook-Id"),
					exchange.getRequestHeaders().getFirst("Webhook-Timestamp"),
					exchange.getRequestHeaders().getFirst("Webhook-Signature"),
					exchange.getRequestHeaders().getFirst("Content-Type"), body, answer,
					clock.instant().getEpochSecond()));
			answering.getOrDefault(path, (ex, status) -> ex.sendResponseHeaders(status, -1)).answer(exchange, answer);
		}
		catch (IOException ex) {
			// the deliverer gave up on the exchange and closed the connection
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			now.decrementAndGet();
		}
	}

	@Override
	public void close() {
		server.stop(0);
		threads.shutdownNow();
	}

}
