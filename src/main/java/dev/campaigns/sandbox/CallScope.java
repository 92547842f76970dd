package dev.campaigns.sandbox;

import org.jspecify.annotations.Nullable;

/**
 * Who a request's path says the call belongs to: the agent of the agents API, or the
 * account and project of the platform API. A call's status is only found under the scope
 * that triggered it.
 */
record CallScope(@Nullable String agentId, @Nullable String accountId, @Nullable String projectId) {

	/** outbound-calling-v1 names no one in its paths. */
	static final CallScope NONE = new CallScope(null, null, null);

	static CallScope agent(String agentId) {
		return new CallScope(agentId, null, null);
	}

	static CallScope project(String accountId, String projectId) {
		return new CallScope(null, accountId, projectId);
	}

	/**
	 * Whether a connection pinned to this agent, account and project (each {@code null}: any)
	 * serves this scope: the path names no other agent, and no other account or project.
	 */
	boolean servedBy(@Nullable String pinnedAgentId, @Nullable String pinnedAccountId,
			@Nullable String pinnedProjectId) {
		if (agentId != null && differs(pinnedAgentId, agentId)) {
			return false;
		}
		return accountId == null || projectId == null
				|| !(differs(pinnedAccountId, accountId) || differs(pinnedProjectId, projectId));
	}

	/** The answer for a scope no connection serves: 404, naming what the path named. */
	Rejection noConnector() {
		if (agentId != null) {
			return Rejection.notFound("no_connector", "no connector found for agent '" + agentId + "'");
		}
		return Rejection.notFound("no_connector",
				"no connector found for account '" + accountId + "' and project '" + projectId + "'");
	}

	private static boolean differs(@Nullable String configured, String requested) {
		return configured != null && !configured.equals(requested);
	}

}
