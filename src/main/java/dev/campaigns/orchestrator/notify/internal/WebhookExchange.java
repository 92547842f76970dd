package dev.campaigns.orchestrator.notify.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.campaigns.orchestrator.net.TargetRefused;
import dev.campaigns.orchestrator.web.BoundedExchange;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;

/**
 * One webhook POST, with the guarantees of {@link BoundedExchange} on the client that connects
 * only to checked addresses ({@link CheckedDnsResolver}): one deadline for all of it,
 * connecting, sending, headers and body, and a cap on the answer's body, which is read up to
 * the cap and never further. Failures are named as {@link BoundedExchange} names them
 * ({@link HttpTimeoutException}, {@link BoundedExchange.AnswerTooLarge}).
 */
class WebhookExchange implements AutoCloseable {

	/** Ends the exchanges that outlast their deadline (one daemon thread for all). */
	private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(task -> {
		Thread thread = new Thread(task, "webhook-exchange-watchdog");
		thread.setDaemon(true);
		return thread;
	});

	private final CloseableHttpClient client;

	private final Duration deadline;

	private final long maxBytes;

	WebhookExchange(CloseableHttpClient client, Duration deadline, long maxBytes) {
		this.client = client;
		this.deadline = deadline;
		this.maxBytes = maxBytes;
	}

	/**
	 * Posts {@code body} as JSON with {@code headers} and reads the whole answer within the deadline.
	 * @return the answer's HTTP status
	 * @throws TargetRefused the URL's host is, or resolves to, an address deliveries must not reach
	 * @throws HttpTimeoutException the whole answer did not come within the deadline
	 * @throws BoundedExchange.AnswerTooLarge the answer's body was larger than the cap
	 * @throws IOException any other failure of the exchange
	 */
	int post(URI url, Map<String, String> headers, String body) throws IOException {
		HttpPost post = new HttpPost(url);
		headers.forEach(post::setHeader);
		post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
		AtomicBoolean expired = new AtomicBoolean();
		ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
			expired.set(true);
			post.cancel();
		}, deadline.toNanos(), TimeUnit.NANOSECONDS);
		try {
			return client.execute(post, response -> readCapped(post, response));
		}
		catch (IOException ex) {
			if (!(ex instanceof TargetRefused) && (expired.get() || ex instanceof SocketTimeoutException)) {
				throw new HttpTimeoutException("no whole answer within " + deadline);
			}
			throw ex;
		}
		finally {
			watchdog.cancel(false);
		}
	}

	/** Reads the body up to the cap; past it the connection is dropped, not drained (as closing the body would). */
	private int readCapped(HttpPost post, ClassicHttpResponse response) throws IOException {
		HttpEntity entity = response.getEntity();
		if (entity != null) {
			try (InputStream in = entity.getContent()) {
				byte[] chunk = new byte[8192];
				long total = 0;
				for (int read = in.read(chunk); read >= 0; read = in.read(chunk)) {
					total += read;
					if (total > maxBytes) {
						post.cancel();
						throw new BoundedExchange.AnswerTooLarge(maxBytes);
					}
				}
			}
		}
		return response.getCode();
	}

	@Override
	public void close() {
		client.close(CloseMode.IMMEDIATE);
	}

}
