package dev.campaigns.testsupport;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;

/**
 * Every answer of the API that a test receives is checked against the OpenAPI document
 * ({@code docs/openapi.json}, which {@code OpenApiDocumentIntegrationTests} proves is the one
 * the service serves): a status the operation does not document, a media type it does not
 * name, a body that does not match its schema fails the test that received it, so the
 * document cannot drift from the code. Requests are not checked: tests send wrong ones on
 * purpose. What the document cannot cover is not checked either: a path or method of no
 * operation (the framework's 404 and 405), including a documented path with a trailing slash.
 */
public final class ApiContract {

	private static final Path DOCUMENT = Path.of("docs", "openapi.json");

	private static final OpenApiInteractionValidator validator = OpenApiInteractionValidator
		.createForSpecificationUrl(DOCUMENT.toAbsolutePath().toUri().toString())
		.withLevelResolver(LevelResolver.create()
			.withLevel("validation.request.path.missing", ValidationReport.Level.IGNORE)
			.withLevel("validation.request.operation.notAllowed", ValidationReport.Level.IGNORE)
			.build())
		.build();

	private ApiContract() {
	}

	/** Whether a request goes to the API (and not to the dashboard, actuator or a sandbox). */
	static boolean covers(HttpRequest request) {
		String path = request.uri().getPath();
		// the validator would match /api/v1/campaigns/ (or /api/v1/campaigns/%20) to /api/v1/campaigns, which the
		// service does not: a path with an empty or blank segment names no documented operation
		return path != null && path.startsWith("/api/")
				&& Arrays.stream(path.substring(1).split("/", -1)).allMatch(ApiContract::plain);
	}

	/** A segment the validator reads as written: not empty, no space or control character at either end. */
	private static boolean plain(String segment) {
		return !segment.isEmpty() && !odd(segment.charAt(0)) && !odd(segment.charAt(segment.length() - 1));
	}

	private static boolean odd(char c) {
		return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c);
	}

	/**
	 * @throws AssertionError naming each way the answer departs from the document
	 */
	public static void check(HttpRequest request, HttpResponse<String> response) {
		if (!covers(request)) {
			return;
		}
		SimpleResponse.Builder answer = SimpleResponse.Builder.status(response.statusCode());
		response.headers().map().forEach(answer::withHeader);
		if (!response.body().isEmpty()) {
			answer.withBody(response.body());
		}
		ValidationReport report = validator.validateResponse(request.uri().getPath(),
				Request.Method.valueOf(request.method()), answer.build());
		if (report.hasErrors()) {
			throw new AssertionError("The answer to " + request.method() + " " + request.uri().getPath() + " ("
					+ response.statusCode() + ") departs from " + DOCUMENT + ":\n" + report + "\nbody: "
					+ abbreviated(response.body()));
		}
	}

	private static String abbreviated(String body) {
		return body.length() <= 2000 ? body : body.substring(0, 2000) + "...";
	}

}
