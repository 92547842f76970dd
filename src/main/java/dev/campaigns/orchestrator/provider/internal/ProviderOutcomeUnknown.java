package dev.campaigns.orchestrator.provider.internal;

/**
 * Internal signal: a trigger was sent but its answer was lost or unusable, so the call may
 * exist. Counted by the circuit breaker, never retried; never leaves this package.
 */
public class ProviderOutcomeUnknown extends RuntimeException {

	ProviderOutcomeUnknown(String reason) {
		super(reason, null, false, false);
	}

}
