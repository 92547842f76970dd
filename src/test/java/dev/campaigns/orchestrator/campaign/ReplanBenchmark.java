package dev.campaigns.orchestrator.campaign;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 23's edit benchmark ({@code bench/run replan}): {@code PATCH /api/v1/campaigns/{id}}
 * of a campaign with 1,000,000 pending recipients in five zone sets (one of two zones), a tenth
 * with a {@code notBefore}, a tenth with a {@code notAfter}, 1 % of them so near that the first
 * edit expires them. Each edit changes the calling window and {@code endAt}, so every pending
 * recipient is re-planned in the edit's transaction; the time is the whole request over HTTP.
 */
@IntegrationTest
class ReplanBenchmark {

	static final int RECIPIENTS = 1_000_000;

	static final String[] WINDOWS = { "10:00", "11:00", "09:30" };

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void editOfAMillionPendingRecipientCampaign() throws Exception {
		Api tenant = Api.at(port).newTenant("campaigns:write");
		String id = json(tenant.post("/api/v1/campaigns", """
				{"name":"replan benchmark","schedule":{"defaultTimeZone":"Europe/London"},
				 "recipients":[{"phoneNumber":"+442071239999"}]}""")).get("id").asString();
		long seeding = System.nanoTime();
		jdbc.sql("""
				insert into recipient (campaign_id, phone_number, time_zones, state, attempts, not_before, not_after,
				                       deadline, next_attempt_at, first_attempt_at, created_at, updated_at)
				select ?::uuid, '+4477' || lpad(i::text, 8, '0'),
				       case i % 5 when 0 then '{Europe/London}'::text[] when 1 then '{America/New_York}'::text[]
				            when 2 then '{Europe/Berlin}'::text[] when 3 then '{America/Los_Angeles}'::text[]
				            else '{Europe/London,Europe/Paris}'::text[] end,
				       'PENDING', 0,
				       case when i % 10 = 1 then now() + interval '2 days' end,
				       case when i % 100 = 2 then now() + interval '1 minute'
				            when i % 10 = 2 then now() + interval '20 days' end,
				       case when i % 100 = 2 then now() + interval '1 minute'
				            when i % 10 = 2 then now() + interval '20 days' end,
				       now(), now(), now(), now()
				from generate_series(1, ?) as i""").params(id, RECIPIENTS - 1).update();
		jdbc.sql("update campaign set recipient_count = ? where id = ?::uuid").params(RECIPIENTS, id).update();
		jdbc.sql("vacuum analyze recipient").update();
		long seeded = (System.nanoTime() - seeding) / 1_000_000;
		List<String> zoneSets = jdbc.sql("select distinct array_to_string(time_zones, ',') from recipient"
				+ " where campaign_id = ?::uuid").params(id).query(String.class).list();

		List<Double> millis = new ArrayList<>();
		List<String> answers = new ArrayList<>();
		for (int i = 0; i < WINDOWS.length; i++) {
			String patch = """
					{"schedule":{"callingWindow":{"start":"%s","end":"20:00"},"endAt":"2099-0%d-01T00:00:00Z"}}"""
				.formatted(WINDOWS[i], i + 1);
			long start = System.nanoTime();
			HttpResponse<String> edited = tenant.patch("/api/v1/campaigns/" + id, patch, "application/merge-patch+json");
			millis.add((System.nanoTime() - start) / 1e6);
			assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
			JsonNode counts = json(edited).get("counts");
			answers.add("pending " + counts.get("pending").asLong() + ", done " + counts.get("done").asLong());
		}
		long replanned = jdbc.sql("select count(*) from recipient where campaign_id = ?::uuid and state = 'PENDING'"
				+ " and next_attempt_at >= first_attempt_at").params(id).query(Long.class).single();

		List<Double> sorted = millis.stream().sorted().toList();
		String report = String.format(Locale.ROOT, """
				# Re-plan benchmark

				One campaign of %,d pending recipients in %d zone sets (%s), a tenth with a notBefore, a tenth
				with a notAfter (1 %% of all within a minute: the first edit expires them, with their trail
				entries and `recipient.completed` events). Seeding took %,d ms (then `vacuum analyze`).

				`PATCH /api/v1/campaigns/{id}` changing the calling window's start and `endAt`, so that every
				pending recipient's plan changes; the whole request over HTTP, which is the edit's one
				transaction (lock the campaign, store, re-plan, audit):

				| run 1 | run 2 | run 3 | median |
				|---:|---:|---:|---:|
				| %.0f ms | %.0f ms | %.0f ms | %.0f ms |

				Counts after each edit: %s. Pending recipients planned at or after their first plan: %,d.
				""", RECIPIENTS, zoneSets.size(), String.join(" · ", zoneSets), seeded, millis.get(0), millis.get(1),
				millis.get(2), sorted.get(1), String.join("; ", answers), replanned);
		Path out = Path.of("target", "benchmarks", "replan.md");
		Files.createDirectories(out.getParent());
		Files.writeString(out, report);
		System.out.println(report);

		jdbc.sql("delete from campaign where id = ?::uuid").params(id).update();
	}

}
