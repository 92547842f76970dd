package dev.campaigns.orchestrator.provider;

import org.jspecify.annotations.Nullable;

/**
 * Where and as whom one provider connection calls: its dialect, base URL, credential and the
 * dialect's identifiers. {@link #toString()} never shows the credential.
 *
 * @param environment agents-v1's default target environment; null for {@code live}
 */
public record ProviderEndpoint(Dialect dialect, String baseUrl, String credential, @Nullable String agentId,
		@Nullable String accountId, @Nullable String projectId, @Nullable String environment) {

	@Override
	public String toString() {
		return "ProviderEndpoint[dialect=" + dialect.id() + ", baseUrl=" + baseUrl + ", credential=(hidden), agentId="
				+ agentId + ", accountId=" + accountId + ", projectId=" + projectId + ", environment=" + environment
				+ "]";
	}

}
