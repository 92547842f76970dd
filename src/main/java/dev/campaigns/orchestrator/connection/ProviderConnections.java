package dev.campaigns.orchestrator.connection;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A tenant's stored provider connections. Every method is scoped by tenant: another tenant's
 * connection is not found. The connection of {@code orchestrator.provider.*} is not one of
 * these: it stays the default, used when no connection is named.
 */
public interface ProviderConnections {

	/** The longest listing: a tenant's connections are few. */
	int LARGEST_LISTING = 500;

	/** The tenant's connections by name, at most {@link #LARGEST_LISTING}. */
	List<ProviderConnection> list(String tenant);

	Optional<ProviderConnection> find(String tenant, UUID id);

	/**
	 * Stores a connection, its credential encrypted under the active key.
	 * @throws InvalidConnection the draft breaks a rule; nothing is stored
	 * @throws ConnectionRefused no encryption key is configured, or the name is taken
	 */
	ProviderConnection create(String tenant, ConnectionDraft draft);

	/**
	 * Changes a connection in one transaction: {@code change} gets its current fields and
	 * answers the new ones; a new credential is encrypted under the active key.
	 * @return empty when the tenant has no such connection
	 * @throws InvalidConnection the result breaks a rule; nothing is changed
	 * @throws ConnectionRefused the new name is taken, or no encryption key is configured for a new credential
	 */
	Optional<ProviderConnection> update(String tenant, UUID id, UnaryOperator<ConnectionDraft> change);

	/** Stops a connection from being used; false when the tenant has no such connection. */
	boolean disable(String tenant, UUID id);

	/**
	 * Deletes a connection: its credential is wiped and its name freed; campaigns and calls that
	 * used it still name it. False when the tenant has no such connection.
	 * @throws ConnectionRefused it is in use (a campaign on it not finished, a call on it still followed)
	 */
	boolean delete(String tenant, UUID id);

	/**
	 * The connection's credential, decrypted, for the adapter that calls the provider; never show or log it.
	 * @throws UnreadableCredential its key is not configured, or the row was altered
	 */
	Optional<String> credential(String tenant, UUID id);

}
