package dev.campaigns.orchestrator.notify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
 * A real webhook endpoint on a free port. Each path is its own receiver: it can be told to
 * answer 500 to its first requests (or to all), and it keeps every request it got.
 */
final class WebhookReceiver implements AutoCloseable {

	/** One request as it arrived, with the answer it got and the test clock's time then. */
	record Received(String path, @Nullable String id, @Nullable String timestamp, @Nullable String signature,
			@Nullable String contentType, String body, int answer, long receivedAtEpochSecond) {

		boolean accepted() {
			return answer / 100 == 2;
		}

	}

	private final HttpServer server;

	private final ExecutorService threads = Executors.newFixedThreadPool(8);

	private final Clock clock;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();

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

	List<Received> received(String path) {
		return received.stream().filter(request -> request.path().equals(path)).toList();
	}

	List<Received> accepted(String path) {
		return received(path).stream().filter(Received::accepted).toList();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			String path = exchange.getRequestURI().getPath();
			AtomicInteger left = failuresLeft.get(path);
			boolean fail = left != null && left.getAndUpdate(n -> n > 0 && n != Integer.MAX_VALUE ? n - 1 : n) > 0;
			int answer = fail ? 500 : 204;
			received.add(new Received(path, exchange.getRequestHeaders().getFirst("Webhook-Id"),
					exchange.getRequestHeaders().getFirst("Webhook-Timestamp"),
					exchange.getRequestHeaders().getFirst("Webhook-Signature"),
					exchange.getRequestHeaders().getFirst("Content-Type"), body, answer,
					clock.instant().getEpochSecond()));
			exchange.sendResponseHeaders(answer, -1);
		}
	}

	@Override
	public void close() {
		server.stop(0);
		threads.shutdownNow();
	}

}
