package dev.campaigns.orchestrator.web.internal;

import io.swagger.v3.core.converter.ModelConverter;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's additions: problem answers, strict request schemas, nullness. */
@Configuration(proxyBeanMethods = false)
class ApiDocumentConfiguration {

	private final ApiDocument document = new ApiDocument();

	@Bean
	OperationCustomizer problemResponses() {
		return document;
	}

	@Bean
	OpenApiCustomizer problemSchemaAndStrictRequests() {
		return document;
	}

	@Bean
	ModelConverter nullnessSchemas() {
		return new NullnessSchemas();
	}

}
