package dev.campaigns.orchestrator.report;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.IntegrationTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recipient CSV export at its edges: very many metadata columns, formulas in key names, and
 * the agent's report on each recipient's last call.
 */
@IntegrationTest
class RecipientCsvIntegrationTests {

	private static final Instant PLACED = Instant.parse("2030-01-07T09:30:00Z");

	private static final int KEYS = 70_000;

	private static final int KEYS_PER_RECIPIENT = 700;

	private static final int COLUMNS = 12;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void seventyThousandMetadataKeysExportCompletelyAsColumns() {
		Api tenant = Api.at(port).newTenant("campaigns:write", "reports:read");
		String id = json(tenant.post("/api/v1/campaigns", """
				{"name":"wide csv","recipients":[{"phoneNumber":"+442071240000","metadata":{"a":"first"}}]}"""))
			.get("id")
			.asString();
		// 100 recipients, each with 700 keys of its own: k00000 = v0 ... k69999 = v69999
		jdbc.sql("""
				insert into recipient (campaign_id, phone_number, time_zones, metadata, state, outcome, attempts,
				    created_at, updated_at)
				select ?::uuid, '+4420712' || lpad(n::text, 5, '0'), '{Europe/London}',
				       (select jsonb_object_agg('k' || lpad(((n - 1) * 700 + j)::text, 5, '0'), 'v' || ((n - 1) * 700 + j))
				        from generate_series(0, 699) j),
				       'DONE', 'COMPLETED', 1, now(), now()
				from generate_series(1, 100) n""").param(id).update();
		tenant.postEmpty("/api/v1/campaigns/" + id + "/cancel");

		HttpResponse<String> response = tenant.get("/api/v1/campaigns/" + id + "/report", "text/csv");

		assertThat(response.statusCode()).isEqualTo(200);
		List<String> lines = List.of(response.body().split("\r\n"));
		assertThat(lines).hasSize(1 + 1 + KEYS / KEYS_PER_RECIPIENT);
		List<String> header = List.of(lines.get(0).split(",", -1));
		assertThat(header).hasSize(COLUMNS + 1 + KEYS);
		assertThat(header.get(COLUMNS)).isEqualTo("a");
		Map<String, Integer> column = new HashMap<>();
		for (int i = 0; i < header.size(); i++) {
			column.put(header.get(i), i);
		}
		for (int key = 0; key < KEYS; key++) {
			assertThat(column).containsKey(String.format("k%05d", key));
		}
		assertThat(lines.get(1).split(",", -1)).hasSize(header.size())
			.satisfies(cells -> assertThat(cells[COLUMNS]).isEqualTo("first"));
		for (int n = 1; n <= KEYS / KEYS_PER_RECIPIENT; n++) {
			String[] cells = lines.get(1 + n).split(",", -1);
			assertThat(cells).hasSize(header.size());
			assertThat(cells[0]).isEqualTo(String.format("+4420712%05d", n));
			int first = (n - 1) * KEYS_PER_RECIPIENT;
			for (int key = first; key < first + KEYS_PER_RECIPIENT; key++) {
				assertThat(cells[column.get(String.format("k%05d", key))]).isEqualTo("v" + key);
			}
			assertThat(Arrays.stream(cells, COLUMNS, cells.length).filter(cell -> !cell.isEmpty()))
				.hasSize(KEYS_PER_RECIPIENT);
		}
	}

	@Test
	void aFormulaInAMetadataKeyIsNeutralisedInTheHeaderLikeInTheValues() {
		Api tenant = Api.at(port).newTenant("campaigns:write", "reports:read");
		String id = json(tenant.post("/api/v1/campaigns", """
				{"name":"formula keys","recipients":[{"phoneNumber":"+442071240001",
				  "metadata":{"+cmd|'calc'!A0":"+cmd|'calc'!A0","-2+3":"plain","note":"@SUM(A1)"}}]}"""))
			.get("id")
			.asString();

		HttpResponse<String> response = tenant.get("/api/v1/campaigns/" + id + "/report", "text/csv");

		assertThat(response.statusCode()).isEqualTo(200);
		List<String> lines = List.of(response.body().split("\r\n"));
		assertThat(lines).hasSize(2);
		List<String> header = List.of(lines.get(0).split(",", -1));
		List<String> row = List.of(lines.get(1).split(",", -1));
		assertThat(header.subList(COLUMNS, header.size())).containsExactlyInAnyOrder("'+cmd|'calc'!A0", "'-2+3",
				"note");
		assertThat(header).allSatisfy(name -> assertThat(name).doesNotStartWith("+").doesNotStartWith("-"));
		assertThat(row).hasSameSizeAs(header);
		assertThat(row.get(header.indexOf("'+cmd|'calc'!A0"))).isEqualTo("'+cmd|'calc'!A0");
		assertThat(row.get(header.indexOf("'-2+3"))).isEqualTo("plain");
		assertThat(row.get(header.indexOf("note"))).isEqualTo("'@SUM(A1)");
		assertThat(row.get(0)).as("the E.164 number stays verbatim").isEqualTo("+442071240001");
	}

	@Test
	void eachRowShowsTheReportOnItsLastCallWithAFormulaInTheDispositionNeutralised() {
		Api tenant = Api.at(port).newTenant("campaigns:write", "reports:read");
		String id = json(tenant.post("/api/v1/campaigns", """
				{"name":"reported calls","schedule":{"startAt":"2099-01-01T00:00:00Z"},"recipients":[
				  {"phoneNumber":"+442071240101","externalId":"two-calls"},
				  {"phoneNumber":"+442071240102","externalId":"unreported"},
				  {"phoneNumber":"+442071240103","externalId":"never-called"}]}""")).get("id").asString();
		Map<String, Long> recipients = new HashMap<>();
		json(tenant.get("/api/v1/campaigns/" + id + "/recipients")).get("items")
			.forEach(recipient -> recipients.put(recipient.get("externalId").asString(), recipient.get("id").asLong()));
		String sid = "OUT-" + UUID.randomUUID();
		call(id, recipients.get("two-calls"), 1, sid + "-1", "HUMAN", "call_back_later");
		call(id, recipients.get("two-calls"), 2, sid + "-2", "VOICEMAIL", "=cmd|'/C calc'!A0");
		call(id, recipients.get("unreported"), 1, sid + "-3", null, null);

		HttpResponse<String> response = tenant.get("/api/v1/campaigns/" + id + "/report", "text/csv");

		assertThat(response.statusCode()).isEqualTo(200);
		List<String> lines = List.of(response.body().split("\r\n"));
		assertThat(lines).hasSize(4);
		assertThat(lines.get(0)).isEqualTo("phone_number,external_id,state,outcome,outcome_reason,detection,"
				+ "disposition,attempts,last_call_sid,next_attempt_at,created_at,updated_at");
		assertThat(lines.get(1)).as("the last call's report, its disposition guarded")
			.startsWith("+442071240101,two-calls,DONE,NO_ANSWER,,VOICEMAIL,'=cmd|'/C calc'!A0,2," + sid + "-2,,");
		assertThat(lines.get(2)).as("a last call without a report")
			.startsWith("+442071240102,unreported,DONE,NO_ANSWER,,,,1," + sid + "-3,,");
		assertThat(lines.get(3)).as("no call at all").startsWith("+442071240103,never-called,PENDING,,,,,0,,");
		assertThat(lines).allSatisfy(line -> assertThat(line.split(",", -1)).hasSize(COLUMNS));
	}

	/**
	 * A finished call as the dispatcher and the poller leave it, with the agent's report when one
	 * is given, and its recipient done with it as its last call.
	 */
	private void call(String campaign, long recipient, int attempt, String callSid, @Nullable String detection,
			@Nullable String disposition) {
		Timestamp placed = Timestamp.from(PLACED.plusSeconds(60L * attempt));
		jdbc.sql("""
				insert into call_attempt (recipient_id, campaign_id, attempt, call_sid, phase, status, raw_status,
				    created_at, triggered_at, ended_at, detection, disposition, outcome_reported_at)
				values (?, ?::uuid, ?, ?, 'FINAL', 'NO_ANSWER', 'no-answer', ?, ?, ?, ?, ?, ?)""")
			.params(recipient, campaign, attempt, callSid, placed, placed,
					Timestamp.from(placed.toInstant().plusSeconds(30)), detection, disposition,
					detection == null ? null : placed)
			.update();
		jdbc.sql("""
				update recipient set state = 'DONE', outcome = 'NO_ANSWER', attempts = ?, last_call_sid = ?,
				    next_attempt_at = null
				where id = ?""").params(attempt, callSid, recipient).update();
	}

}
