package dev.campaigns.orchestrator.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problem answers of an operation beyond those its shape implies. Every operation of the
 * API document answers 401 and 403 (it needs an API key and a role) and 406; one with parameters or a
 * body also 400 (with {@code errors}), one with a path variable 404, one with a body 413 and
 * 415. What only the domain knows (409 for a state that forbids the action, 422 for a
 * request that is well-formed but cannot be honoured) is declared here.
 *
 * <pre>{@code
 * @PostMapping("/{id}/pause")
 * @ProblemResponses(conflict = "the campaign's status does not allow a pause")
 * CampaignView pause(@PathVariable String id, Caller caller) { ... }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ProblemResponses {

	/** When the operation answers 409 Conflict; empty when it never does. */
	String conflict() default "";

	/** When the operation answers 422 Unprocessable Content; empty when it never does. */
	String unprocessable() default "";

}
