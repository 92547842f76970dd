package dev.campaigns.orchestrator.web;

import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * The shape of every error answer of the API, RFC 9457's problem details
 * ({@code application/problem+json}) with the API's extensions: what the OpenAPI document
 * names {@code Problem}. Answers are written by the modules' exception handlers as
 * {@link org.springframework.http.ProblemDetail}s; this record only describes them.
 *
 * @param type a stable URI naming the kind of problem, e.g.
 * {@code https://campaign-orchestrator.dev/problems/invalid-request}
 * @param title a short summary of the kind of problem
 * @param status the HTTP status
 * @param detail what happened in this case, and what to do about it
 * @param instance the request's path, when known
 * @param errors for a 400, each thing wrong with the request
 * @param totalErrors for a 400 of the campaign API, how many problems there are in all
 * ({@code errors} lists the first thousand)
 */
@Schema(name = "Problem")
public record ApiProblem(URI type, String title, int status, @Nullable String detail, @Nullable URI instance,
		@Nullable List<Error> errors, @Nullable Integer totalErrors) {

	/**
	 * One thing wrong with a request.
	 *
	 * @param index the position of the recipient (or CSV record) at fault, when it is one
	 * @param field the field, parameter or header as the client wrote it
	 * @param reason why it is refused
	 */
	@Schema(name = "ProblemError")
	public record Error(@Nullable Integer index, String field, String reason) {
	}

}
