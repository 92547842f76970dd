package dev.campaigns.orchestrator.security.web;

import java.util.UUID;

/** No API key has that id. */
class ApiKeyNotFound extends RuntimeException {

	ApiKeyNotFound(UUID id) {
		super("There is no API key " + id + ".");
	}

}
