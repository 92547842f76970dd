package dev.campaigns.orchestrator.campaign;

import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Who took a manual action (pause, resume, cancel, complete, an edit, a recipient's cancel or
 * requeue): the API key, by id and by the name its creator gave it, whether it came through the
 * API or the dashboard. The service's own actions (a pause after the provider rejected the
 * configuration, an automatic completion) are {@link #SYSTEM}'s.
 *
 * @param keyId the API key's id (null: the service itself)
 * @param name the API key's name, or {@code system}
 */
@Schema(name = "Actor", description = "Who took the action: an API key, or the service itself (keyId null)")
public record Actor(@Nullable UUID keyId, String name) {

	/** The service itself. */
	public static final Actor SYSTEM = new Actor(null, "system");

	/** How the trail's sentences name it. */
	public String describe() {
		return keyId == null ? "the service" : "API key \"" + name + "\"";
	}

}
