package dev.campaigns.orchestrator.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The roles a controller method (or every method of a controller class) needs; any one of
 * them suffices, and {@link Role#ADMIN} always does. On a method it replaces the class's
 * annotation. A handler under {@code /api} without it is closed to everyone (403), so a
 * forgotten annotation never opens an endpoint.
 *
 * <pre>{@code
 * @PostMapping("/api/v1/campaigns")
 * @Requires(Role.CAMPAIGNS_WRITE)
 * ResponseEntity<CampaignView> create(@RequestBody CreateCampaign body, Caller caller) { ... }
 * }</pre>
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Requires {

	/** The roles of which the caller needs one; empty means admins only. */
	Role[] value();

}
