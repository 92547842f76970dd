package dev.campaigns.orchestrator.connection;

/** A well-formed connection that cannot be stored now: its name is taken, or no encryption key is configured. */
public class ConnectionRefused extends RuntimeException {

	/** Why, as a problem type's last segment. */
	public enum Reason {

		/** Another connection of the tenant has the name. */
		NAME_TAKEN,

		/** {@code orchestrator.connections.active-key} is not set. */
		NOT_CONFIGURED

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
