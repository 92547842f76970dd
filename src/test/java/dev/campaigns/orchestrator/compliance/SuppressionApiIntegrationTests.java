package dev.campaigns.orchestrator.compliance;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.Http;
import dev.campaigns.testsupport.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The do-not-call list over HTTP: one number at a time, or a CSV import that is all or nothing. */
@IntegrationTest
class SuppressionApiIntegrationTests {

	static final String PROBLEMS = "https://campaign-orchestrator.dev/problems/";

	@LocalServerPort
	int port;

	Api admin;

	@BeforeEach
	void newTenant() {
		admin = Api.at(port).newTenant("admin");
	}

	@Test
	void anImportWithOneBadRowStoresNothingAndListsTheRow() {
		HttpResponse<String> response = admin.post("/api/v1/suppressions/import",
				"phone_number,reason\n+442079460001,moved\nnot a number,x\n+442079460002,asked\n", "text/csv", null);

		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode problem = json(response);
		assertThat(problem.get("type").asString()).isEqualTo(PROBLEMS + "invalid-request");
		assertThat(problem.get("errors").toString()).contains("\"index\":1").contains("\"field\":\"phoneNumber\"");
		assertThat(suppressed()).isZero();
	}

	@Test
	void anImportWithACellOverTheLimitIs400NamingItsRowAndColumnAndStoresNothing() {
		HttpResponse<String> response = admin.post("/api/v1/suppressions/import",
				"phone_number,note\n+442079460001,moved\n+442079460002," + "n".repeat(32_769) + "\n", "text/csv", null);

		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode error = json(response).at("/errors/0");
		assertThat(error.get("index").asInt()).isEqualTo(1);
		assertThat(error.get("field").asString()).isEqualTo("note");
		assertThat(error.get("reason").asString()).isEqualTo("is longer than 32768 characters (line 3)");
		assertThat(suppressed()).isZero();
	}

	@Test
	void anImportWithARecordOverTheLimitIs400NamingItsRow() {
		String cell = "r".repeat(30_000);
		HttpResponse<String> response = admin.post("/api/v1/suppressions/import",
				"phone_number,a,b,c\n+442079460001," + cell + "," + cell + "," + cell + "\n", "text/csv", null);

		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode error = json(response).at("/errors/0");
		assertThat(error.get("index").asInt()).isZero();
		assertThat(error.get("field").asString()).isEqualTo("row");
		assertThat(error.get("reason").asString()).isEqualTo("is longer than 65536 characters (from line 2)");
		assertThat(suppressed()).isZero();
	}

	@Test
	void anImportIsReadAsCsvQuotedReasonsKeepTheirCommasAndQuotes() {
		HttpResponse<String> response = admin.post("/api/v1/suppressions/import",
				"\uFEFFphone_number,reason\r\n+442079460001,\"asked, twice, to \"\"stop\"\"\"\r\n+442079460002,\r\n",
				"text/csv", null);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(json(response).get("added").asInt()).isEqualTo(2);
		JsonNode listed = json(admin.get("/api/v1/suppressions"));
		assertThat(listed.toString()).contains("asked, twice, to \\\"stop\\\"");
	}

	@Test
	void anImportWithACellMissingOrAQuoteLeftOpenIsRejected() {
		HttpResponse<String> missing = admin.post("/api/v1/suppressions/import",
				"phone_number,reason\n+442079460001\n", "text/csv", null);
		HttpResponse<String> open = admin.post("/api/v1/suppressions/import",
				"phone_number,reason\n+442079460001,\"never closed\n", "text/csv", null);

		assertThat(missing.statusCode()).isEqualTo(400);
		assertThat(json(missing).at("/errors/0/field").asString()).isEqualTo("row");
		assertThat(open.statusCode()).isEqualTo(400);
		assertThat(json(open).at("/errors/0/reason").asString()).contains("never closed");
		assertThat(suppressed()).isZero();
	}

	@Test
	void anImportThatIsNotUtf8IsRejectedRatherThanStoredWithReplacementCharacters() {
		byte[] csv = "phone_number,reason\n+442079460001,d\u00e9m\u00e9nag\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);

		HttpResponse<String> response = Http.send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + port + "/api/v1/suppressions/import"))
			.header("Authorization", admin.authorization())
			.header("Content-Type", "text/csv")
			.POST(HttpRequest.BodyPublishers.ofByteArray(csv))
			.build());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json(response).at("/errors/0/reason").asString()).contains("not valid UTF-8");
		assertThat(suppressed()).isZero();
	}

	@Test
	void aReasonWithControlCharactersIsRejectedNotAServerError() {
		HttpResponse<String> json = admin.post("/api/v1/suppressions",
				"{\"phoneNumber\":\"+442079460001\",\"reason\":\"a\\u0000b\"}");
		HttpResponse<String> csv = admin.post("/api/v1/suppressions/import", "phone_number,reason\n+442079460001,a\u0000b\n",
				"text/csv", null);

		assertThat(json.statusCode()).isEqualTo(400);
		assertThat(json(json).at("/errors/0/field").asString()).isEqualTo("reason");
		assertThat(csv.statusCode()).isEqualTo(400);
		assertThat(json(csv).at("/errors/0/field").asString()).isEqualTo("reason");
		assertThat(suppressed()).isZero();
	}

	@Test
	void unknownFieldsAndValuesOfTheWrongTypeAreRejectedNotIgnoredOrCoerced() {
		HttpResponse<String> unknown = admin.post("/api/v1/suppressions",
				"{\"phoneNumber\":\"+442079460001\",\"tenant\":\"someone-else\"}");
		HttpResponse<String> coerced = admin.post("/api/v1/suppressions",
				"{\"phoneNumber\":\"+442079460001\",\"reason\":true}");

		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(json(unknown).at("/errors/0/field").asString()).isEqualTo("tenant");
		assertThat(coerced.statusCode()).isEqualTo(400);
		assertThat(json(coerced).at("/errors/0/field").asString()).isEqualTo("reason");
		assertThat(suppressed()).isZero();
	}

	@Test
	void removingANumberThatIsNotListedIsANotFoundProblem() {
		HttpResponse<String> response = admin.delete("/api/v1/suppressions/+442079460001");

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(json(response).get("type").asString()).isEqualTo(PROBLEMS + "suppression-not-found");
	}

	private int suppressed() {
		return json(admin.get("/api/v1/suppressions")).get("totalItems").asInt();
	}

}
