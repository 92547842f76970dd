package dev.campaigns.orchestrator.provider;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How to reach PolyAI ({@code orchestrator.provider.*}). Retries and the circuit breaker are
 * configured as resilience4j instances {@code polyai-trigger}, {@code polyai-status} and
 * {@code polyai} (see {@code application.yml}).
 *
 * @param dialect {@code outbound-calling-v1} (default), {@code agents-v1} or {@code platform-v1}
 * @param baseUrl the regional base URL PolyAI gave you, e.g.
 * {@code https://api.uk-1.platform.polyai.app}; may name {@code ${local.server.port}}, resolved
 * when the first request is made
 * @param authToken the dialect's credential: auth token (v1), API key (agents-v1) or connector
 * id (platform-v1)
 * @param agentId agents-v1 only: the agent that dials
 * @param environment agents-v1 only: default target environment (default {@code live})
 * @param accountId platform-v1 only: the account in the path
 * @param projectId platform-v1 only: the project in the path
 * @param agentsStatusPath agents-v1 only: the status path, which PolyAI's OpenAPI does not
 * document (default {@code /v1/agents/{agentId}/telephony/outbound-calls/{callSid}})
 * @param statusRetention how long the provider keeps a call's status after it ends (default
 * {@code PT2H}, as documented)
 * @param connectTimeout TCP connect timeout; a connect failure is safe to retry (default 2 s)
 * @param responseTimeout how long to wait for the whole answer, headers and body, once the request
 * is sent; past it a trigger's outcome is unknown (default 10 s)
 * @param defaultRetryAfter the pause after a 429 without a usable {@code Retry-After} (default 1 s)
 * @param maxRetryAfter the longest {@code Retry-After} honoured, triggers and status reads alike: a
 * longer one (a provider's odd answer) is cut to this (default 5 min)
 * @param maxAnswerSize the largest answer body read from the provider; past it the exchange is
 * abandoned (default 64 KB)
 * @param statusMapping what status strings the dialect does not document mean on this (the
 * default) connection, by the string exactly as answered, case included, e.g.
 * {@code status-mapping.voicemail.status=NO_ANSWER}: {@code status} is one of {@code QUEUED},
 * {@code RINGING}, {@code IN_PROGRESS}, {@code COMPLETED}, {@code NO_ANSWER}, {@code BUSY},
 * {@code FAILED}, {@code CANCELLED}; {@code final} may be left out (it must agree with the
 * status). A string the dialect documents cannot be mapped. Write a string with characters other
 * than letters, digits and {@code -} in brackets: {@code status-mapping[agent.voicemail].status}.
 * Stored connections have a mapping of their own (default none)
 */
@ConfigurationProperties("orchestrator.provider")
public record ProviderSettings(@DefaultValue("outbound-calling-v1") Dialect dialect, @Nullable String baseUrl,
		@Nullable String authToken, @Nullable String agentId, @DefaultValue("live") String environment,
		@Nullable String accountId, @Nullable String projectId,
		@DefaultValue("/v1/agents/{agentId}/telephony/outbound-calls/{callSid}") String agentsStatusPath,
		@DefaultValue("PT2H") Duration statusRetention, @DefaultValue("2s") Duration connectTimeout,
		@DefaultValue("10s") Duration responseTimeout, @DefaultValue("1s") Duration defaultRetryAfter,
		@DefaultValue("5m") Duration maxRetryAfter, @DefaultValue("64KB") DataSize maxAnswerSize,
		@Nullable Map<String, StatusMapping.Target> statusMapping) {

	/** These settings with another connection's dialect, base URL, credential and identifiers. */
	public ProviderSettings withEndpoint(ProviderEndpoint endpoint) {
		return new ProviderSettings(endpoint.dialect(), endpoint.baseUrl(), endpoint.credential(), endpoint.agentId(),
				endpoint.environment() == null ? "live" : endpoint.environment(), endpoint.accountId(),
				endpoint.projectId(), agentsStatusPath, statusRetention, connectTimeout, responseTimeout,
				defaultRetryAfter, maxRetryAfter, maxAnswerSize, endpoint.statusMapping().targets());
	}

	/** {@link #statusMapping()} as the port reads it. */
	public StatusMapping mapping() {
		return StatusMapping.of(statusMapping);
	}

	/** Names the credential's presence only: it is a secret. */
	@Override
	public String toString() {
		return "ProviderSettings[dialect=" + dialect + ", baseUrl=" + baseUrl + ", authToken="
				+ (authToken == null ? "none" : "(hidden)") + ", agentId=" + agentId + ", environment=" + environment
				+ ", accountId=" + accountId + ", projectId=" + projectId + ", statusRetention=" + statusRetention
				+ ", connectTimeout=" + connectTimeout + ", responseTimeout=" + responseTimeout + ", statusMapping="
				+ statusMapping + "]";
	}

	public ProviderSettings {
		if (defaultRetryAfter.compareTo(maxRetryAfter) > 0) {
			throw new IllegalArgumentException("orchestrator.provider.default-retry-after (" + defaultRetryAfter
					+ ") must not be above orchestrator.provider.max-retry-after (" + maxRetryAfter + ")");
		}
		if (maxAnswerSize.toBytes() < 1024) {
			throw new IllegalArgumentException("orchestrator.provider.max-answer-size must be at least 1KB (a"
					+ " status answer is a few hundred bytes): " + maxAnswerSize);
		}
		statusMapping = statusMapping == null ? Map.of() : Map.copyOf(statusMapping);
		List<StatusMapping.Problem> problems = StatusMapping.of(statusMapping).problems(dialect);
		if (!problems.isEmpty()) {
			throw new IllegalArgumentException("orchestrator.provider.status-mapping: " + problems);
		}
	}

}
