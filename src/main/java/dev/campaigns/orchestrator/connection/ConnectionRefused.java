package dev.campaigns.orchestrator.connection;

/**
 * A connection that cannot be stored or deleted now: its name is taken, no encryption key is
 * configured, or it is in use.
 */
public class ConnectionRefused extends RuntimeException {

	/** Why, as a problem type's last segment. */
	public enum Reason {

		/** Another connection of the tenant has the name. */
		NAME_TAKEN,

		/** {@code orchestrator.connections.active-key} is not set. */
		NOT_CONFIGURED,

		/** A campaign on the connection is not finished, or a call on it is still followed: it cannot be deleted. */
		IN_USE

	}

	private final Reason reason;

	public ConnectionRefused(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return reason;
	}

}
