package dev.campaigns.orchestrator.connection;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The ports to the provider connections, for the dispatcher and the poller. A stored
 * connection's port is opened at the version its caller read (with the campaign or the call),
 * and opened again when a later version is asked for: a credential changed by {@code PATCH} is
 * used by every replica from the first trigger or poll that reads the new version.
 */
public interface CallLines {

	/**
	 * The line of {@code connection} (null: the default connection) at {@code version} or later.
	 * @throws UnreadableCredential its credential cannot be read (its key is not configured, the
	 * row was altered, or it was deleted)
	 * @throws java.util.NoSuchElementException no connection has that id
	 */
	Line line(@Nullable UUID connection, long version);

}
