package dev.campaigns.orchestrator.web.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.campaigns.orchestrator.web.ApiProblem;
import dev.campaigns.orchestrator.web.ProblemResponses;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.web.method.HandlerMethod;

/**
 * What the OpenAPI document says beyond what springdoc reads from the controllers, so that a
 * client generated from it works: each operation's problem answers with the {@code Problem}
 * schema ({@link ProblemResponses}), and {@code additionalProperties: false} on every schema
 * a request body reaches, because bodies are read strictly (an unknown field is a 400).
 */
final class ApiDocument implements OperationCustomizer, OpenApiCustomizer {

	static final String PROBLEM_JSON = "application/problem+json";

	private static final String TEXT_CSV = "text/csv";

	private static final String PROBLEM_REF = "#/components/schemas/Problem";

	private static final String RATE_LIMITED = "429";

	@Override
	public Operation customize(Operation operation, HandlerMethod handler) {
		ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
		problems(operation, handler.getMethodAnnotation(ProblemResponses.class))
			.forEach((status, description) -> responses.addApiResponse(status, problem(status, description)));
		operation.setResponses(responses);
		return operation;
	}

	/** The problem answers of an operation, by status: those its shape implies, then those it declares. */
	static Map<String, String> problems(Operation operation, @Nullable ProblemResponses declared) {
		boolean body = operation.getRequestBody() != null;
		List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
		Map<String, String> problems = new LinkedHashMap<>();
		if (body || !parameters.isEmpty()) {
			problems.put("400", "The request is invalid: `errors` names each field and the reason; nothing was stored");
		}
		problems.put("401", "No API key, a malformed one, or an unknown or revoked one");
		problems.put("403", "The API key lacks the role this operation needs");
		if (parameters.stream().anyMatch((parameter) -> "path".equals(parameter.getIn()))) {
			problems.put("404", "Nothing with this id is visible to the caller's tenant");
		}
		problems.put("406", "The Accept header names no type this operation answers in");
		if (declared != null && !declared.conflict().isEmpty()) {
			problems.put("409", declared.conflict());
		}
		if (body) {
			problems.put("413", "The body is larger than the service accepts in one request");
			problems.put("415", "The body's Content-Type is not one this operation reads");
		}
		if (declared != null && !declared.unprocessable().isEmpty()) {
			problems.put("422", declared.unprocessable());
		}
		problems.put(RATE_LIMITED, "The API key made more requests than its rate limit allows (per key, all"
				+ " replicas together); nothing was done. Retry after the seconds of `Retry-After`");
		return problems;
	}

	private static ApiResponse problem(String status, String description) {
		ApiResponse response = new ApiResponse().description(description)
			.content(new Content().addMediaType(PROBLEM_JSON,
					new MediaType().schema(new Schema<>().$ref(PROBLEM_REF))));
		if (RATE_LIMITED.equals(status)) {
			response.addHeaderObject("Retry-After", new Header().required(true)
				.description("Seconds until the key may call again, rounded up: at least 1")
				.schema(new IntegerSchema().minimum(BigDecimal.ONE)));
		}
		return response;
	}

	@Override
	public void customise(OpenAPI openApi) {
		Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
		openApi.setComponents(components);
		openApi.setInfo(new Info().title("Campaign Orchestrator API")
			.version("v1")
			.description("Outbound-call campaigns: create them with their recipients, follow and steer them,"
					+ " read their reports. Every operation needs an API key (Authorization: Bearer co_...);"
					+ " every error is an RFC 9457 problem (application/problem+json)."));
		ModelConverters.getInstance(true).readAll(ApiProblem.class).forEach(components::addSchemas);
		if (openApi.getPaths() == null || components.getSchemas() == null) {
			return;
		}
		Set<String> strict = new HashSet<>();
		openApi.getPaths().values().stream().flatMap((path) -> path.readOperations().stream())
			.filter((operation) -> operation.getRequestBody() != null
					&& operation.getRequestBody().getContent() != null)
			.flatMap((operation) -> operation.getRequestBody().getContent().values().stream())
			.forEach((media) -> reach(media.getSchema(), components.getSchemas(), strict));
		for (String name : strict) {
			Schema<?> schema = components.getSchemas().get(name);
			if (schema.getProperties() != null && schema.getAdditionalProperties() == null) {
				schema.setAdditionalProperties(false);
			}
		}
		inStableOrder(openApi);
	}

	/**
	 * Paths, schemas and tags by name, and a streamed upload's {@code text/csv} before its
	 * JSON: the document is the same at every start (its committed copy can be compared), and
	 * a generated client, which takes an operation's first media type, streams CSV.
	 * Properties keep the order of the records' components.
	 */
	private static void inStableOrder(OpenAPI openApi) {
		Paths paths = new Paths();
		new TreeMap<>(openApi.getPaths()).forEach(paths::addPathItem);
		openApi.setPaths(paths);
		openApi.getComponents().setSchemas(new TreeMap<>(openApi.getComponents().getSchemas()));
		if (openApi.getTags() != null) {
			openApi.setTags(openApi.getTags().stream().sorted(Comparator.comparing(Tag::getName)).toList());
		}
		paths.values().stream().flatMap((path) -> path.readOperations().stream())
			.filter((operation) -> operation.getRequestBody() != null
					&& operation.getRequestBody().getContent() != null
					&& operation.getRequestBody().getContent().containsKey(TEXT_CSV))
			.forEach((operation) -> {
				Content content = operation.getRequestBody().getContent();
				Content csvFirst = new Content();
				csvFirst.addMediaType(TEXT_CSV, content.get(TEXT_CSV));
				content.forEach((type, media) -> csvFirst.putIfAbsent(type, media));
				operation.getRequestBody().setContent(csvFirst);
			});
	}

	/** Collects the named schemas a request body's schema reaches, through properties, items and combinations. */
	private static void reach(@Nullable Schema<?> schema, Map<String, Schema> named, Set<String> reached) {
		if (schema == null) {
			return;
		}
		if (schema.get$ref() != null) {
			String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
			if (reached.add(name)) {
				reach(named.get(name), named, reached);
			}
			return;
		}
		List<Schema> children = new ArrayList<>();
		if (schema.getProperties() != null) {
			children.addAll(schema.getProperties().values());
		}
		if (schema.getItems() != null) {
			children.add(schema.getItems());
		}
		for (List<Schema> combined : new List[] { schema.getAnyOf(), schema.getOneOf(), schema.getAllOf() }) {
			if (combined != null) {
				children.addAll(combined);
			}
		}
		children.forEach((child) -> reach(child, named, reached));
	}

}
