package dev.campaigns.contract;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.campaigns.testsupport.Http;
import dev.campaigns.testsupport.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/openapi.json} is the document the service serves at {@code /v3/api-docs}, byte
 * for byte once pretty-printed: the test build generates its client from that copy
 * (openapi-generator) and validates every integration test's response against it. This test
 * fails when the code and the copy differ; {@code ./mvnw verify -Dit.test=OpenApiDocumentIntegrationTests
 * -Ddocs.write=true} writes it.
 */
@IntegrationTest
class OpenApiDocumentIntegrationTests {

	static final Path DOC = Path.of("docs", "openapi.json");

	private static final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	@LocalServerPort
	int port;

	@Test
	void theCommittedDocumentIsTheOneTheServiceServes() throws IOException {
		HttpResponse<String> served = Http.get("http://localhost:" + port + "/v3/api-docs");
		assertThat(served.statusCode()).isEqualTo(200);
		String document = pretty(served.body());
		if (Boolean.getBoolean("docs.write")) {
			Files.writeString(DOC, document);
		}

		assertThat(Files.exists(DOC)).as(DOC + " exists (write it with -Ddocs.write=true)").isTrue();
		assertThat(Files.readString(DOC)).as(DOC + " is the served document: regenerate it with ./mvnw verify"
				+ " -Dit.test=OpenApiDocumentIntegrationTests -Ddocs.write=true").isEqualTo(document);
	}

	/** The served document with a fixed server URL (the port is random) and a trailing newline. */
	static String pretty(String served) {
		JsonNode document = json.readTree(served);
		((tools.jackson.databind.node.ObjectNode) document).remove("servers");
		return json.writeValueAsString(document) + "\n";
	}

}
