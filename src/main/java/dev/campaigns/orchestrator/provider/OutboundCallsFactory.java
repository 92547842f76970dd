package dev.campaigns.orchestrator.provider;

/**
 * Opens a port to one stored provider connection, with the deployment's timeouts, answer cap
 * and retry settings, and circuit breakers of its own: one connection's failures never open
 * another's breaker.
 */
public interface OutboundCallsFactory {

	/**
	 * @param name the connection's name in breaker, retry and metric names, e.g.
	 * {@code connection-6f1c...}; the same name shares its breakers across ports (a new port
	 * after a credential change keeps the connection's breaker state)
	 * @throws IllegalArgumentException the endpoint lacks what its dialect needs, or its status
	 * mapping names a string the dialect documents
	 */
	OutboundCalls open(String name, ProviderEndpoint endpoint);

}
