package dev.campaigns.orchestrator.connection;

import java.util.UUID;

/** A stored credential that cannot be decrypted: its key is no longer configured, or the row was altered. */
public class UnreadableCredential extends RuntimeException {

	public UnreadableCredential(UUID connection, String reason) {
		super("The credential of provider connection " + connection + " cannot be read: " + reason + ".");
	}

}
