package dev.campaigns.orchestrator.provider;

import dev.campaigns.orchestrator.net.TargetCheck;

/**
 * Opens a port to one stored provider connection, with the deployment's timeouts, answer cap
 * and retry settings, and circuit breakers of its own: one connection's failures never open
 * another's breaker. A stored connection's base URL is a tenant's choice: its port checks the
 * host with the given {@link TargetCheck} just before each request, and sends nothing to an
 * address the check refuses.
 */
public interface OutboundCallsFactory {

	/**
	 * @param name the connection's name in breaker, retry and metric names, e.g.
	 * {@code connection-6f1c...}; the same name shares its breakers across ports (a new port
	 * after a credential change keeps the connection's breaker state)
	 * @param targets the addresses the port may send to: a trigger to a refused host is
	 * {@link TriggerResult.ConfigurationRejected}, a status read {@link StatusResult.ConfigurationRejected},
	 * both with {@link TriggerResult.ConfigurationRejected#NOT_SENT} and the refusal, nothing sent
	 * @throws IllegalArgumentException the endpoint lacks what its dialect needs, or its status
	 * mapping names a string the dialect documents
	 */
	OutboundCalls open(String name, ProviderEndpoint endpoint, TargetCheck targets);

}
