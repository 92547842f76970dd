package dev.campaigns.orchestrator.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.campaigns.orchestrator.dispatch.Dispatcher;
import dev.campaigns.orchestrator.status.StatusPoller;
import dev.campaigns.testsupport.Http;
import dev.campaigns.testsupport.MutableClock;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Campaigns on simulated time for the report tests (as the status module's SimulatedTime:
 * ingest, dispatcher, poller and the in-process sandbox all read one clock the test moves),
 * and a cookie-keeping client for the dashboard.
 */
final class ReportFixtures {

	/** A Monday morning in London, inside the default calling window. */
	static final Instant START = Instant.parse("2030-01-07T09:30:00Z");

	private ReportFixtures() {
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class SimulatedTime {

		@Bean
		@Primary
		MutableClock simulatedClock() {
			return new MutableClock(START);
		}

	}

	/**
	 * Forgets other tests' leftovers that would starve this one: their rate buckets (refreshed
	 * in another clock's future), their running campaigns and the sandbox's call list.
	 */
	static void quietDatabase(JdbcClient jdbc, int port) {
		jdbc.sql("delete from rate_limit").update();
		jdbc.sql("update campaign set status = 'CANCELLED' where status in ('RUNNING', 'SCHEDULED')").update();
		Http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/sandbox/polyai/_calls"))
			.DELETE()
			.build());
	}

	/** One step of simulated time: the clock moves, then dispatch and poll rounds run until idle. */
	static void step(MutableClock clock, Dispatcher dispatcher, StatusPoller poller, Duration step) {
		clock.advance(step);
		Instant now = clock.instant();
		while (dispatcher.dispatchDue(now).didWork()) {
			// until this instant's budget or work is used up
		}
		while (poller.pollDue(now).didWork()) {
			// until nothing more is due at this instant
		}
	}

	/** Steps until {@code done}, at most {@code limit} of simulated time. */
	static void runUntil(MutableClock clock, Dispatcher dispatcher, StatusPoller poller, Duration limit,
			BooleanSupplier done) {
		Instant end = clock.instant().plus(limit);
		while (clock.instant().isBefore(end) && !done.getAsBoolean()) {
			step(clock, dispatcher, poller, Duration.ofSeconds(1));
		}
	}

	/** A browser without a browser: keeps the session cookie, never follows redirects. */
	static final class Dashboard {

		private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

		private final String base;

		private final CookieManager cookies = new CookieManager();

		private final HttpClient client = HttpClient.newBuilder()
			.cookieHandler(cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();

		Dashboard(int port) {
			this.base = "http://localhost:" + port;
		}

		/** Signs in as a browser does: the form's CSRF token from the sign-in page, then the key. */
		HttpResponse<String> signIn(String key) {
			return postForm("/admin/login", "key=" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "&_csrf="
					+ URLEncoder.encode(csrfToken("/admin/login"), StandardCharsets.UTF_8));
		}

		/** The CSRF token in the first form of that page. */
		String csrfToken(String path) {
			Matcher token = CSRF_FIELD.matcher(get(path).body());
			if (!token.find()) {
				throw new IllegalStateException(path + " has no form with a CSRF token");
			}
			return token.group(1);
		}

		/** The value of the cookie this browser holds under that name, if any. */
		Optional<String> cookie(String name) {
			return cookies.getCookieStore()
				.getCookies()
				.stream()
				.filter((cookie) -> cookie.getName().equals(name))
				.map(HttpCookie::getValue)
				.findFirst();
		}

		HttpResponse<String> get(String path) {
			return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
		}

		HttpResponse<String> postForm(String path, String form) {
			return send(HttpRequest.newBuilder(URI.create(base + path))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build());
		}

		private HttpResponse<String> send(HttpRequest request) {
			try {
				return client.send(request, HttpResponse.BodyHandlers.ofString());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

}
