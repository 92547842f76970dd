package dev.campaigns.bench;

import java.io.Reader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.Http;
import dev.campaigns.testsupport.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4's ingest benchmark: 100k recipients as JSON and 1M as CSV through the API, next to
 * a raw {@code COPY} of the same rows into the same table. Run with {@code bench/run ingest};
 * not part of {@code ./mvnw verify}. Writes {@code target/benchmarks/ingest.md}.
 */
@IntegrationTest
class IngestBenchmark {

	private static final int JSON_ROWS = 100_000;

	private static final int CSV_ROWS = 1_000_000;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataSource dataSource;

	@Test
	void ingestThroughTheApiNextToRawCopy() throws Exception {
		List<String> numbers = numbers(CSV_ROWS);
		Api api = Api.at(port).newTenant("campaigns:write");

		// warm-up: JIT, connection pool, libphonenumber metadata
		post(api, jsonCampaign(numbers.subList(0, 20_000)));

		String json = jsonCampaign(numbers.subList(0, JSON_ROWS));
		long start = System.nanoTime();
		HttpResponse<String> created = post(api, json);
		double jsonSeconds = seconds(start);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(json(created).at("/counts/total").asInt()).isEqualTo(JSON_ROWS);

		String id = json(post(api, "{\"name\":\"csv bench\",\"recipients\":[]}")).get("id").asString();
		byte[] csv = csv(numbers);
		start = System.nanoTime();
		HttpResponse<String> appended = Http.send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + port + "/api/v1/campaigns/" + id + "/recipients"))
			.timeout(Duration.ofMinutes(30))
			.header("Authorization", api.authorization())
			.header("Content-Type", "text/csv")
			.POST(HttpRequest.BodyPublishers.ofByteArray(csv))
			.build());
		double csvSeconds = seconds(start);
		assertThat(appended.statusCode()).as(appended.body()).isEqualTo(200);
		assertThat(json(appended).get("added").asInt()).isEqualTo(CSV_ROWS);

		double copyJsonSeconds = rawCopy(numbers.subList(0, JSON_ROWS));
		double copyCsvSeconds = rawCopy(numbers);

		String report = String.format(Locale.ROOT, """
				# Ingest benchmark

				| path | recipients | seconds | recipients/s | raw COPY of the same rows (rows/s) | API / COPY |
				|---|---:|---:|---:|---:|---:|
				| JSON create (`POST /api/v1/campaigns`) | %,d | %.2f | %,.0f | %,.0f | %.0f %% |
				| CSV append (`POST .../recipients`, text/csv) | %,d | %.2f | %,.0f | %,.0f | %.0f %% |

				Targets: at least 25,000 recipients/s through the API, and at least 30 %% of the COPY rate.
				""", JSON_ROWS, jsonSeconds, JSON_ROWS / jsonSeconds, JSON_ROWS / copyJsonSeconds,
				100 * copyJsonSeconds / jsonSeconds, CSV_ROWS, csvSeconds, CSV_ROWS / csvSeconds,
				CSV_ROWS / copyCsvSeconds, 100 * copyCsvSeconds / csvSeconds);
		Path out = Path.of("target", "benchmarks", "ingest.md");
		Files.createDirectories(out.getParent());
		Files.writeString(out, report);
		System.out.println(report);
	}

	/** COPY of rows shaped exactly as the API stores them, into a campaign made for it. */
	private double rawCopy(List<String> numbers) throws Exception {
		UUID campaign = UUID.randomUUID();
		jdbc.sql("""
				insert into campaign (id, tenant, name, status, calling_window, retry_policy, calls_per_minute,
				    max_concurrent_calls, call_options, created_at, updated_at)
				values (?, 'bench-copy', 'raw copy', 'PAUSED', '{}', '{}', 60, 20, '{}', now(), now())
				""").param(campaign).update();
		String now = Instant.now().toString();
		StringBuilder rows = new StringBuilder(numbers.size() * 160);
		for (int i = 0; i < numbers.size(); i++) {
			rows.append(campaign).append(",\"").append(numbers.get(i)).append("\",,\"{\"\"America/New_York\"\"}\",,")
				.append("\"{\"\"customer_name\"\":\"\"Customer ").append(i)
				.append("\"\",\"\"appointment_date\"\":\"\"2026-11-23\"\"}\",,,,PENDING,0,")
				.append(now).append(',').append(now).append(',').append(now).append('\n');
		}
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(false);
			Reader reader = new StringReader(rows.toString());
			long start = System.nanoTime();
			long copied = connection.unwrap(PGConnection.class)
				.getCopyAPI()
				.copyIn("copy recipient (campaign_id, phone_number, country_code, time_zones, external_id, metadata,"
						+ " not_before, not_after, deadline, state, attempts, next_attempt_at, created_at, updated_at)"
						+ " from stdin (format csv)", reader);
			connection.commit();
			double seconds = seconds(start);
			assertThat(copied).isEqualTo(numbers.size());
			return seconds;
		}
	}

	private static HttpResponse<String> post(Api api, String body) {
		return api.post("/api/v1/campaigns", body);
	}

	private static String jsonCampaign(List<String> numbers) {
		StringBuilder body = new StringBuilder(numbers.size() * 120).append("{\"name\":\"json bench\",\"recipients\":[");
		for (int i = 0; i < numbers.size(); i++) {
			body.append(i == 0 ? "" : ",")
				.append("{\"phoneNumber\":\"")
				.append(numbers.get(i))
				.append("\",\"metadata\":{\"customer_name\":\"Customer ")
				.append(i)
				.append("\",\"appointment_date\":\"2026-11-23\"}}");
		}
		return body.append("]}").toString();
	}

	private static byte[] csv(List<String> numbers) {
		StringBuilder csv = new StringBuilder(numbers.size() * 60)
			.append("phone_number,country_code,time_zone,external_id,not_before,not_after,customer_name,appointment_date\n");
		for (int i = 0; i < numbers.size(); i++) {
			csv.append(numbers.get(i)).append(",,,,,,Customer ").append(i).append(",2026-11-23\n");
		}
		return csv.toString().getBytes(StandardCharsets.UTF_8);
	}

	/** Distinct numbers libphonenumber accepts (North American, several area codes). */
	private static List<String> numbers(int count) {
		PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
		int[] areas = { 212, 312, 415, 617, 646, 713, 305, 206, 404, 503 };
		List<String> numbers = new ArrayList<>(count);
		outer: for (int area : areas) {
			for (int exchange = 201; exchange <= 999; exchange++) {
				if (exchange % 100 == 11) {
					continue;
				}
				String probe = "+1" + area + exchange + "0100";
				try {
					if (!phones.isValidNumber(phones.parse(probe, "ZZ"))) {
						continue;
					}
				}
				catch (Exception ex) {
					continue;
				}
				for (int line = 0; line < 10_000; line += 7) {
					numbers.add(String.format(Locale.ROOT, "+1%d%d%04d", area, exchange, line));
					if (numbers.size() == count) {
						break outer;
					}
				}
			}
		}
		assertThat(numbers).hasSize(count);
		return numbers;
	}

	private static double seconds(long startNanos) {
		return (System.nanoTime() - startNanos) / 1e9;
	}

}
