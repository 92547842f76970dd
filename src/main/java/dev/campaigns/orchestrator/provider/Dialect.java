package dev.campaigns.orchestrator.provider;

/**
 * The three PolyAI Outbound Calling API dialects (DESIGN.md "Provider dialects"); a
 * deployment talks exactly one, chosen by {@code orchestrator.provider.dialect}.
 */
public enum Dialect {

	/** {@code POST /v1/outbound-calling}, header {@code X-PolyAi-Auth-Token}, snake_case. */
	OUTBOUND_CALLING_V1("outbound-calling-v1"),

	/** {@code POST /v1/agents/{agentId}/telephony/outbound-calls}, header {@code X-API-KEY}, camelCase. */
	AGENTS_V1("agents-v1"),

	/** {@code POST /api/v1/{account_id}/{project_id}/outbound-call/trigger}, header {@code X-CONNECTOR-ID}. */
	PLATFORM_V1("platform-v1");

	private final String id;

	Dialect(String id) {
		this.id = id;
	}

	/** The name used in configuration and in the sandbox, e.g. {@code outbound-calling-v1}. */
	public String id() {
		return id;
	}

}
