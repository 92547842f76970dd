package dev.campaigns.orchestrator.connection.web;

import java.util.UUID;

/** The caller's tenant has no such provider connection. */
class ConnectionNotFound extends RuntimeException {

	ConnectionNotFound(UUID id) {
		super("There is no provider connection " + id + ".");
	}

}
