package dev.campaigns.orchestrator.web.internal;

import java.lang.annotation.Annotation;
import java.util.List;

import dev.campaigns.orchestrator.web.ProblemResponses;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.web.method.HandlerMethod;

import static org.assertj.core.api.Assertions.assertThat;

/** An operation's problem answers follow from its shape and what it declares. */
class ApiDocumentTests {

	@ParameterizedTest(name = "body={0} path={1} query={2} conflict={3} unprocessable={4}: {5}")
	@CsvSource({
			// body, path variable, query parameter, declares 409, declares 422 -> statuses
			"false, false, false, false, false, '401,403,406,429'",
			"false, false, true,  false, false, '400,401,403,406,429'",
			"false, true,  false, false, false, '400,401,403,404,406,429'",
			"false, true,  false, true,  false, '400,401,403,404,406,409,429'",
			"true,  false, false, false, false, '400,401,403,406,413,415,429'",
			"true,  false, false, false, true,  '400,401,403,406,413,415,422,429'",
			"true,  true,  false, true,  false, '400,401,403,404,406,409,413,415,429'" })
	void problemsFollowFromTheShapeAndTheDeclaration(boolean body, boolean path, boolean query, boolean conflict,
			boolean unprocessable, String statuses) {
		Operation operation = new Operation();
		if (body) {
			operation.setRequestBody(new RequestBody());
		}
		if (path) {
			operation.addParametersItem(new Parameter().in("path").name("id"));
		}
		if (query) {
			operation.addParametersItem(new Parameter().in("query").name("page"));
		}

		assertThat(ApiDocument.problems(operation, declared(conflict, unprocessable)).keySet())
			.containsExactlyElementsOf(List.of(statuses.split(",")));
	}

	@Test
	void onlyTheRateLimitedAnswerDocumentsARetryAfterHeader() throws NoSuchMethodException {
		Operation operation = new ApiDocument().customize(new Operation(),
				new HandlerMethod(new Object(), Object.class.getMethod("toString")));

		assertThat(operation.getResponses().get("429").getHeaders()).containsOnlyKeys("Retry-After");
		assertThat(operation.getResponses().get("429").getHeaders().get("Retry-After").getRequired()).isTrue();
		assertThat(operation.getResponses().get("401").getHeaders()).isNullOrEmpty();
	}

	private static @Nullable ProblemResponses declared(boolean conflict, boolean unprocessable) {
		if (!conflict && !unprocessable) {
			return null;
		}
		return new ProblemResponses() {
			@Override
			public Class<? extends Annotation> annotationType() {
				return ProblemResponses.class;
			}

			@Override
			public String conflict() {
				return conflict ? "a state forbids it" : "";
			}

			@Override
			public String unprocessable() {
				return unprocessable ? "it cannot be honoured" : "";
			}
		};
	}

}
