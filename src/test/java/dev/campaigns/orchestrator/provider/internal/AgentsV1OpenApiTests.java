package dev.campaigns.orchestrator.provider.internal;

import java.util.Map;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import dev.campaigns.orchestrator.provider.CallRequest;
import dev.campaigns.orchestrator.provider.Dialect;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agents-v1 trigger checked against PolyAI's own OpenAPI document (doc 001, kept verbatim
 * in {@code src/test/resources/polyai/agents-v1.openapi.yaml}).
 */
class AgentsV1OpenApiTests {

	private final OpenApiInteractionValidator validator = OpenApiInteractionValidator
		.createForSpecificationUrl("polyai/agents-v1.openapi.yaml")
		.build();

	private final DialectProtocol agents = DialectProtocol
		.of(DialectProtocolTests.settings(Dialect.AGENTS_V1, "agent-42", null, null));

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void aFullTriggerMatchesTheOpenApiDocument() {
		CallRequest request = CallRequest.to("+442079460123")
			.withCountryCode("GB")
			.withMetadata(Map.of("customer_name", "Paul Smith", "appointment_date", "2026-08-26"))
			.withOptions("sandbox", "variant-1", "TLS/SRTP");

		assertThat(validate(agents.trigger(request)).getMessages()).isEmpty();
	}

	@Test
	void aMinimalTriggerMatchesTheOpenApiDocument() {
		assertThat(validate(agents.trigger(CallRequest.to("+14155550123"))).getMessages()).isEmpty();
	}

	@Test
	void theValidatorRejectsABodyTheDocumentForbids() {
		WireRequest wrong = new WireRequest("/v1/agents/agent-42/telephony/outbound-calls",
				Map.of("to_number", "+14155550123", "environment", "production"));

		assertThat(validate(wrong).hasErrors()).isTrue();
	}

	private ValidationReport validate(WireRequest wire) {
		Request request = SimpleRequest.Builder.post(wire.path())
			.withHeader("X-API-KEY", "key")
			.withContentType("application/json")
			.withBody(json.writeValueAsString(wire.body()))
			.build();
		return validator.validateRequest(request);
	}

}
