package dev.campaigns.orchestrator.provider.internal;

/**
 * Internal signal: the provider could not serve the request and, for a trigger, certainly
 * placed no call. Retried by resilience4j and counted by the circuit breaker; never leaves
 * this package.
 */
public class ProviderUnavailable extends RuntimeException {

	ProviderUnavailable(String reason) {
		super(reason, null, false, false);
	}

}
