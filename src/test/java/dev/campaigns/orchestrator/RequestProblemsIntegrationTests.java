package dev.campaigns.orchestrator;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.Http;
import dev.campaigns.testsupport.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rejections that happen before a controller's own advice can speak (Spring's, and
 * Tomcat's for URIs it will not route) are problems with the API's stable types too.
 */
@IntegrationTest
class RequestProblemsIntegrationTests {

	static final String PROBLEMS = "https://campaign-orchestrator.dev/problems/";

	@LocalServerPort
	int port;

	@Test
	void aContentTypeNoEndpointTakesIsAnUnsupportedMediaTypeProblem() {
		HttpResponse<String> response = Api.at(port).post("/api/v1/campaigns", "{}", "text/plain", null);

		assertThat(response.statusCode()).isEqualTo(415);
		assertProblem(response, "unsupported-media-type");
	}

	@Test
	void aQueryParameterOfTheWrongTypeIsAnInvalidRequestNamingIt() {
		HttpResponse<String> response = Api.at(port).get("/api/v1/suppressions?page=abc");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(assertProblem(response, "invalid-request").at("/errors/0/field").asString()).isEqualTo("page");
	}

	@Test
	void aPathThatNamesNothingIsANotFoundProblem() {
		HttpResponse<String> response = Api.at(port).get("/api/v1/no-such-thing");

		assertThat(response.statusCode()).isEqualTo(404);
		assertProblem(response, "not-found");
	}

	@Test
	void anAnswerThatCannotBeGivenInTheAcceptedTypeIsANotAcceptableProblem() {
		HttpResponse<String> response = Api.at(port).get("/api/v1/suppressions", "application/xml");

		assertThat(response.statusCode()).isEqualTo(406);
		assertProblem(response, "not-acceptable");
	}

	@Test
	void aUriTomcatRejectsBeforeTheApplicationIsAProblemNotAnHtmlPage() {
		for (String path : new String[] { "/api/v1/campaigns/a%00b", "/api/v1/webhooks/a%2Fb", "/api/v1/campaigns/%C0%AF" }) {
			HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
				.header("Authorization", Api.at(port).authorization())
				.GET()
				.build());

			assertThat(response.statusCode()).as(path).isEqualTo(400);
			assertThat(assertProblem(response, "invalid-request").at("/errors/0/field").asString()).isEqualTo("request");
		}
	}

	private static JsonNode assertProblem(HttpResponse<String> response, String type) {
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				contentType -> assertThat(contentType).startsWith("application/problem+json"));
		JsonNode problem = json(response);
		assertThat(problem.get("type").asString()).isEqualTo(PROBLEMS + type);
		assertThat(problem.get("title").asString()).isNotBlank();
		assertThat(problem.get("status").asInt()).isEqualTo(response.statusCode());
		return problem;
	}

}
