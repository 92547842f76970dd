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
	 * Why the sandbox has no connector for this scope: the settings pin an agent, account or
	 * project and the path names another. {@code null} when it is served.
	 */
	@Nullable Rejection unknownTo(SandboxSettings settings) {
		if (agentId != null && differs(settings.agentId(), agentId)) {
			return Rejection.notFound("no_connector", "no connector found for agent '" + agentId + "'");
		}
		if (accountId != null && projectId != null
				&& (differs(settings.accountId(), accountId) || differs(settings.projectId(), projectId))) {
			return Rejection.notFound("no_connector",
					"no connector found for account '" + accountId + "' and project '" + projectId + "'");
		}
		return null;
	}

	private static boolean differs(@Nullable String configured, String requested) {
		return configured != null && !configured.equals(requested);
	}

}
