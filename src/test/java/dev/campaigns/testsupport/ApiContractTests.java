package dev.campaigns.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLSession;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract check fails a test on an answer the document does not describe, and only then. */
class ApiContractTests {

	private static final String CAMPAIGN = "/api/v1/campaigns/7d3f2a4e-5b6c-4d7e-8f90-a1b2c3d4e5f6";

	private static final String PROBLEM = """
			{"type":"https://campaign-orchestrator.dev/problems/campaign-not-found","title":"No such campaign",
			 "status":404,"detail":"There is no campaign with this id.","instance":"%s"}""".formatted(CAMPAIGN);

	@Test
	void aDocumentedProblemPasses() {
		assertThatCode(() -> check("GET", CAMPAIGN, 404, "application/problem+json", PROBLEM)).doesNotThrowAnyException();
	}

	@Test
	void aBodyMissingARequiredPropertyFails() {
		assertThatThrownBy(() -> check("GET", CAMPAIGN, 200, "application/json", "{\"id\":\"x\",\"name\":\"n\"}"))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("status");
	}

	@Test
	void aStatusTheOperationDoesNotDocumentFails() {
		assertThatThrownBy(() -> check("GET", CAMPAIGN, 500, "application/problem+json", PROBLEM))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("500");
	}

	@Test
	void aMediaTypeTheOperationDoesNotNameFails() {
		assertThatThrownBy(() -> check("GET", CAMPAIGN, 404, "text/html", "<html></html>"))
			.isInstanceOf(AssertionError.class);
	}

	@Test
	void whatTheDocumentDoesNotCoverIsNotChecked() {
		assertThatCode(() -> check("GET", "/api/v1/nothing-here", 404, "application/problem+json", PROBLEM))
			.doesNotThrowAnyException();
		assertThatCode(() -> check("GET", "/admin", 200, "text/html", "<html></html>")).doesNotThrowAnyException();
	}

	private static void check(String method, String path, int status, String contentType, String body) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost" + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build();
		ApiContract.check(request, new Answer(request, status,
				HttpHeaders.of(Map.of("Content-Type", List.of(contentType)), (name, value) -> true), body));
	}

	private record Answer(HttpRequest request, int statusCode, HttpHeaders headers, String body)
			implements HttpResponse<String> {

		@Override
		public Optional<HttpResponse<String>> previousResponse() {
			return Optional.empty();
		}

		@Override
		public Optional<SSLSession> sslSession() {
			return Optional.empty();
		}

		@Override
		public URI uri() {
			return request.uri();
		}

		@Override
		public HttpClient.Version version() {
			return HttpClient.Version.HTTP_1_1;
		}

	}

}
