package dev.campaigns.orchestrator.provider;

import org.jspecify.annotations.Nullable;

/**
 * Where and as whom one provider connection calls: its dialect, base URL, credential and the
 * dialect's identifiers. {@link #toString()} never shows the credential.
 *
 * @param environment agents-v1's default target environment; null for {@code live}
 * @param statusMapping what status strings the dialect does not document mean on this connection
 */
public record ProviderEndpoint(Dialect dialect, String baseUrl, String credential, @Nullable String agentId,
		@Nullable String accountId, @Nullable String projectId, @Nullable String environment,
		StatusMapping statusMapping) {

	public ProviderEndpoint {
		statusMapping = statusMapping == null ? StatusMapping.NONE : statusMapping;
	}

	/** An endpoint that maps no status string. */
	public ProviderEndpoint(Dialect dialect, String baseUrl, String credential, @Nullable String agentId,
			@Nullable String accountId, @Nullable String projectId, @Nullable String environment) {
		this(dialect, baseUrl, credential, agentId, accountId, projectId, environment, StatusMapping.NONE);
	}

	@Override
	public String toString() {
		return "ProviderEndpoint[dialect=" + dialect.id() + ", baseUrl=" + baseUrl + ", credential=(hidden), agentId="
				+ agentId + ", accountId=" + accountId + ", projectId=" + projectId + ", environment=" + environment
				+ ", statusMapping=" + statusMapping + "]";
	}

}
