package dev.campaigns.orchestrator.security;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What an API key may do. In JSON a role is its {@link #code()} ({@code "campaigns:write"}).
 * Two levels of administration: {@link #ADMIN} implies every role within its key's tenant;
 * {@link #PLATFORM_ADMIN} (the bootstrap key's role) implies every role and manages the keys
 * of every tenant.
 */
public enum Role {

	/** Create, append to, pause, resume and cancel campaigns. */
	CAMPAIGNS_WRITE("campaigns:write"),

	/** Read campaigns, reports and calls, and export them. */
	REPORTS_READ("reports:read"),

	/**
	 * Report what a call achieved ({@code POST /api/v1/calls/{callSid}/outcome}) and nothing
	 * else: the key an agent's tools hold, which can read no campaign, recipient or call.
	 */
	CALLS_REPORT("calls:report"),

	/** Everything within the key's tenant, including its API keys, suppressions and webhooks. */
	ADMIN("admin"),

	/** Everything, and the API keys of every tenant: creates tenants (their first keys) and acts across them. */
	PLATFORM_ADMIN("platform:admin");

	private final String code;

	Role(String code) {
		this.code = code;
	}

	/** The role as clients write it, e.g. {@code campaigns:write}. */
	@JsonValue
	public String code() {
		return code;
	}

	/** Whether holding this role is enough where {@code other} is required. */
	public boolean implies(Role other) {
		return this == PLATFORM_ADMIN || this == other || (this == ADMIN && other != PLATFORM_ADMIN);
	}

	/** The role of that code, or empty for a code nobody defined. */
	public static Optional<Role> ofCode(String code) {
		return Arrays.stream(values()).filter((role) -> role.code.equals(code)).findFirst();
	}

	@JsonCreator
	static Role fromJson(String code) {
		return ofCode(code).orElseThrow(() -> new IllegalArgumentException("unknown role: " + code));
	}

	@Override
	public String toString() {
		return code;
	}

}
