package dev.campaigns.orchestrator.campaign;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.campaigns.orchestrator.dispatch.Dispatcher;
import dev.campaigns.orchestrator.dispatch.Dispatcher.DispatchRound;
import dev.campaigns.orchestrator.status.StatusPoller;
import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.IntegrationTest;
import dev.campaigns.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An append whose body streams in slowly (a row every 400 ms, 6 s in all, as a client on a
 * poor link sends it) holds nothing the dispatcher or the poller needs while it streams: a
 * dispatch round and a completion run meanwhile, at once. Rounds run at chosen instants on a
 * Monday morning in 2030, when the default window is open in London.
 */
@IntegrationTest
@TestPropertySource(properties = { "orchestrator.dispatch.calls-per-second=1000", "orchestrator.dispatch.burst=200" })
@Import(SlowUploadIntegrationTests.OnMonday.class)
class SlowUploadIntegrationTests {

	static final Instant MONDAY = Instant.parse("2030-01-07T10:00:00Z");

	/** Rows of a slow upload, one every {@link #PAUSE}, after its header. */
	static final int ROWS = 15;

	static final Duration PAUSE = Duration.ofMillis(400);

	/** Well below the 3.6 s a slow upload still streams: a round or a completion that waited for it takes longer. */
	static final Duration PROMPTLY = Duration.ofSeconds(2);

	@TestConfiguration(proxyBeanMethods = false)
	static class OnMonday {

		@Bean
		@Primary
		MutableClock testClock() {
			return new MutableClock(MONDAY);
		}

	}

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	Dispatcher dispatcher;

	@Autowired
	StatusPoller poller;

	@Autowired
	JdbcClient jdbc;

	Api tenant;

	@BeforeEach
	void isolate() {
		clock.set(MONDAY);
		// the round and the poller's sweep see every campaign: only this test's are open
		jdbc.sql("delete from rate_limit").update();
		jdbc.sql("update campaign set status = 'CANCELLED' where status in ('RUNNING', 'SCHEDULED')").update();
		jdbc.sql("update recipient set state = 'DONE', outcome = 'CANCELLED', lease_owner = null,"
				+ " lease_expires_at = null where state in ('DIALING', 'IN_CALL')").update();
		jdbc.sql("update call_attempt set phase = 'FINAL', next_poll_at = null where phase = 'ACTIVE'").update();
		tenant = Api.at(port).newTenant("campaigns:write");
	}

	@Test
	void aDispatchRoundForAnotherCampaignIsNotDelayedByASlowCsvAppend() throws Exception {
		// the round starts campaigns whose start has come: this one's, while its append streams in
		String starting = campaign("{\"startAt\":\"" + MONDAY.plusSeconds(60) + "\"}");
		String other = campaign(null, "+442079460900");
		assertThat(status(starting)).isEqualTo("SCHEDULED");
		SlowBody body = new SlowBody(csv(ROWS, 910), PAUSE);
		CompletableFuture<HttpResponse<String>> upload = appendCsv(starting, body);
		body.awaitServerReading();

		clock.set(MONDAY.plusSeconds(120));
		long start = System.nanoTime();
		DispatchRound round = dispatcher.dispatchDue(MONDAY.plusSeconds(120));
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		boolean uploadStillStreaming = !upload.isDone();

		assertThat(took).isLessThan(PROMPTLY);
		assertThat(uploadStillStreaming).isTrue();
		assertThat(round.accepted()).isEqualTo(1);
		assertThat(states(other)).containsExactly("IN_CALL");
		HttpResponse<String> appended = upload.get(30, TimeUnit.SECONDS);
		assertThat(appended.statusCode()).as(appended.body()).isEqualTo(200);
		assertThat(json(appended).get("added").asInt()).isEqualTo(ROWS);
		assertThat(status(starting)).isEqualTo("RUNNING");
	}

	@Test
	void aCampaignWhoseLastCallEndsDuringAnAppendNeverCompletesWithRecipientsPending() throws Exception {
		String id = campaign(null, "+442079460900");
		assertThat(dispatcher.dispatchDue(MONDAY).accepted()).isEqualTo(1);
		SlowBody body = new SlowBody(csv(ROWS, 910), PAUSE);
		CompletableFuture<HttpResponse<String>> upload = appendCsv(id, body);
		body.awaitServerReading();

		// the last call ends while the rows stream in; the poller's sweep then completes what has nothing left
		jdbc.sql("update recipient set state = 'DONE', outcome = 'COMPLETED' where campaign_id = ?::uuid")
			.param(id)
			.update();
		jdbc.sql("update call_attempt set phase = 'FINAL', next_poll_at = null where campaign_id = ?::uuid")
			.param(id)
			.update();
		clock.set(MONDAY.plus(Duration.ofHours(1)));
		long start = System.nanoTime();
		poller.pollDue(clock.instant());
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		boolean uploadStillStreaming = !upload.isDone();
		HttpResponse<String> appended = upload.get(30, TimeUnit.SECONDS);

		assertThat(status(id)).isEqualTo("COMPLETED");
		assertThat(states(id)).doesNotContain("PENDING");
		assertThat(took).isLessThan(PROMPTLY);
		assertThat(uploadStillStreaming).isTrue();
		// the append came after the end: refused whole, as an append to a completed campaign is
		assertThat(appended.statusCode()).as(appended.body()).isEqualTo(409);
		assertThat(json(appended).get("type").asString()).endsWith("/problems/campaign-closed");
		assertThat(states(id)).containsExactly("DONE");
	}

	/** A campaign of London numbers, with the given schedule (JSON) or none. */
	private String campaign(String schedule, String... numbers) {
		StringBuilder body = new StringBuilder("{\"name\":\"slow upload\",");
		if (schedule != null) {
			body.append("\"schedule\":").append(schedule).append(',');
		}
		body.append("\"rateLimit\":{\"callsPerMinute\":6000,\"maxConcurrentCalls\":100},\"recipients\":[");
		for (int i = 0; i < numbers.length; i++) {
			body.append(i == 0 ? "" : ",").append("{\"phoneNumber\":\"").append(numbers[i]).append("\"}");
		}
		HttpResponse<String> created = tenant.post("/api/v1/campaigns", body.append("]}").toString());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return json(created).get("id").asString();
	}

	/** A header, then one row per London number from {@code first}. */
	private static List<String> csv(int rows, int first) {
		List<String> parts = new ArrayList<>();
		parts.add("phone_number,note\n");
		for (int i = 0; i < rows; i++) {
			parts.add(String.format("+44207946%04d,row %d\n", first + i, i));
		}
		return parts;
	}

	private CompletableFuture<HttpResponse<String>> appendCsv(String id, SlowBody body) {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + port + "/api/v1/campaigns/" + id + "/recipients"))
			.timeout(Duration.ofSeconds(60))
			.header("Authorization", tenant.authorization())
			.header("Content-Type", "text/csv")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> body))
			.build();
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.build()
			.sendAsync(request, HttpResponse.BodyHandlers.ofString());
	}

	private String status(String id) {
		return jdbc.sql("select status from campaign where id = ?::uuid").param(id).query(String.class).single();
	}

	private List<String> states(String id) {
		return jdbc.sql("select distinct state from recipient where campaign_id = ?::uuid order by state")
			.param(id)
			.query(String.class)
			.list();
	}

	/** A body handed over a part at a time, {@code pause} apart: the first part at once. */
	static final class SlowBody extends InputStream {

		private final List<byte[]> parts = new ArrayList<>();

		private final Duration pause;

		private volatile int next;

		SlowBody(List<String> parts, Duration pause) {
			parts.forEach(part -> this.parts.add(part.getBytes(StandardCharsets.UTF_8)));
			this.pause = pause;
		}

		/**
		 * Until the server is surely reading the body, well inside its request: the header and
		 * five rows handed over (2 s), and a moment for them to arrive. 3.6 s of rows are to come.
		 */
		void awaitServerReading() throws InterruptedException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (next < 6 && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			assertThat(next).isGreaterThanOrEqualTo(6);
			Thread.sleep(200);
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (next == parts.size()) {
				return -1;
			}
			if (next > 0) {
				try {
					Thread.sleep(pause.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IOException(ex);
				}
			}
			byte[] part = parts.get(next++);
			if (part.length > length) {
				throw new IllegalStateException("parts are smaller than any read buffer");
			}
			System.arraycopy(part, 0, buffer, offset, part.length);
			return part.length;
		}

	}

}
