package dev.campaigns.orchestrator.dispatch.internal;

import dev.campaigns.orchestrator.connection.Line;
import dev.campaigns.orchestrator.dispatch.DispatchSettings;
import dev.campaigns.orchestrator.ratelimit.Pace;

/**
 * A connection's own trigger budget and concurrency cap, shared by every replica: the default
 * connection's are the deployment's ({@code orchestrator.dispatch.*}, the budget named
 * {@code global}); a stored connection's are its own limits, each one it leaves unset taken
 * from the deployment's settings, under a budget named after it. Pure.
 */
final class ConnectionBudget {

	private ConnectionBudget() {
	}

	/** The send instants every trigger through {@code line} keeps. */
	static Pace pace(Line line, DispatchSettings settings) {
		if (line.connection() == null) {
			return settings.globalPace();
		}
		double rate = line.callsPerSecond() != null ? line.callsPerSecond() : settings.callsPerSecond();
		Integer burst = line.burst();
		double effective = burst != null && burst > 0 ? burst : Math.max(2, Math.ceil(rate / 10));
		return new Pace(line.key(), rate, effective);
	}

	/** How many calls may be dialling or in progress through {@code line} at once. */
	static int maxConcurrentCalls(Line line, DispatchSettings settings) {
		Integer own = line.maxConcurrentCalls();
		return line.connection() != null && own != null ? own : settings.maxConcurrentCalls();
	}

}
