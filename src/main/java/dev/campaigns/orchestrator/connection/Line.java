package dev.campaigns.orchestrator.connection;

import java.util.UUID;

import dev.campaigns.orchestrator.provider.OutboundCalls;
import org.jspecify.annotations.Nullable;

/**
 * One provider connection as the dispatcher and the poller use it: its port, and its limits
 * (null: the deployment's setting applies). The default connection ({@code orchestrator.provider.*})
 * has no id and no limits of its own.
 *
 * @param key the connection's name in rate budgets, breakers and metrics: {@code default}, or
 * {@code connection-<id>}
 * @param version the stored connection's version the port was opened at (0 for the default)
 */
public record Line(String key, @Nullable UUID connection, long version, OutboundCalls calls,
		@Nullable Double callsPerSecond, @Nullable Integer burst, @Nullable Integer maxConcurrentCalls,
		@Nullable Double statusRequestsPerSecond) {

	/** The default connection's key. */
	public static final String DEFAULT = "default";

	/** The key of a connection: {@link #DEFAULT} for none. */
	public static String keyOf(@Nullable UUID connection) {
		return connection == null ? DEFAULT : "connection-" + connection;
	}

}
