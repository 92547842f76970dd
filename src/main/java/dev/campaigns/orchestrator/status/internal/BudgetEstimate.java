package dev.campaigns.orchestrator.status.internal;

import java.time.Duration;
import java.util.Optional;

import dev.campaigns.orchestrator.status.PollPlan;

/**
 * Whether the default connection's status budget can keep up with the dispatcher at its full
 * rate, before any call is placed: calls per second times the polls the plan spends on a
 * typical call ({@link #RING} of ringing, then {@code expected-talk-time} of talking) when no
 * agent reports, against the status requests per second. Pure.
 *
 * @param callsPerSecond the global trigger rate ({@code orchestrator.dispatch.calls-per-second})
 * @param pollsPerCall the plan's polls for a typical unreported call
 * @param budgetPerSecond the status rate ({@code orchestrator.status.requests-per-second})
 */
record BudgetEstimate(double callsPerSecond, int pollsPerCall, double budgetPerSecond) {

	/** A typical ring before an answer. */
	static final Duration RING = Duration.ofSeconds(10);

	static BudgetEstimate of(double callsPerSecond, PollPlan plan, double budgetPerSecond) {
		return new BudgetEstimate(callsPerSecond,
				plan.pollsPerCall(RING, plan.settings().expectedTalkTime()), budgetPerSecond);
	}

	/** Status requests per second at the full trigger rate. */
	double neededPerSecond() {
		return callsPerSecond * pollsPerCall;
	}

	/** The start-up warning when the budget cannot keep up; empty when it can. */
	Optional<String> warning() {
		if (neededPerSecond() <= budgetPerSecond) {
			return Optional.empty();
		}
		return Optional.of(String.format(java.util.Locale.ROOT,
				"The status budget cannot keep up with the dispatcher: %.1f calls/s at about %d polls per call need"
						+ " %.1f status requests/s, orchestrator.status.requests-per-second allows %.1f. At full rate"
						+ " statuses will be read late and, past the provider's retention, lost. Raise"
						+ " orchestrator.status.requests-per-second to at least %.0f, or have the agent report each"
						+ " call's outcome (POST /api/v1/calls/{callSid}/outcome), which brings polls to about one per call",
				callsPerSecond, pollsPerCall, neededPerSecond(), budgetPerSecond, Math.ceil(neededPerSecond())));
	}

}
