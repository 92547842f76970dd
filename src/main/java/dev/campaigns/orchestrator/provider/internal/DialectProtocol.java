package dev.campaigns.orchestrator.provider.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.campaigns.orchestrator.provider.CallRequest;
import dev.campaigns.orchestrator.provider.Dialect;
import dev.campaigns.orchestrator.provider.ProviderSettings;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.web.util.UriUtils;

/**
 * What differs between the dialects: paths, auth header, field names and status strings.
 * Pure: no I/O, so each dialect is checked by unit tests against its documentation.
 */
abstract sealed class DialectProtocol {

	abstract Dialect dialect();

	/** The header that carries {@code orchestrator.provider.auth-token}. */
	abstract String authHeader();

	abstract WireRequest trigger(CallRequest request);

	abstract String statusPath(String callSid);

	abstract StatusVocabulary vocabulary();

	/**
	 * The call id of a trigger's answer. The docs spell it {@code call_sid} and {@code callSid}
	 * for the same API, so both are read, the dialect's own spelling first.
	 */
	@Nullable String callSid(JsonNode answer) {
		return firstText(answer, "call_sid", "callSid");
	}

	/** The status string of a status (or trigger) answer, verbatim. */
	@Nullable String status(JsonNode answer) {
		return firstText(answer, "status");
	}

	/**
	 * The call's duration in whole seconds, when the answer gives one as {@code duration} (a
	 * number or a string of digits, as Twilio-style APIs answer it). No dialect documents it; an
	 * answer that has it is read, one whose value cannot be read keeps it in the raw answer only.
	 */
	@Nullable Integer durationSeconds(JsonNode answer) {
		JsonNode value = answer.get("duration");
		BigDecimal seconds = null;
		if (value != null && value.isNumber()) {
			seconds = value.decimalValue();
		}
		else if (value != null && value.isString() && value.asString().trim().matches("\\d{1,10}(\\.\\d+)?")) {
			seconds = new BigDecimal(value.asString().trim());
		}
		if (seconds == null || seconds.signum() < 0 || seconds.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
			return null;
		}
		return seconds.intValue();
	}

	/**
	 * When the call ended, when the answer says: an ISO-8601 instant with its offset under the
	 * dialect's spelling of "ended at", the other spelling read too (as for the call id). No dialect
	 * documents it; one that cannot be read stays in the raw answer only.
	 */
	@Nullable Instant endedAt(JsonNode answer) {
		return instant(firstText(answer, "ended_at", "endedAt"));
	}

	static @Nullable Instant instant(@Nullable String text) {
		if (text == null) {
			return null;
		}
		try {
			return OffsetDateTime.parse(text.trim()).toInstant();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	static DialectProtocol of(ProviderSettings settings) {
		return switch (settings.dialect()) {
			case OUTBOUND_CALLING_V1 -> new OutboundCallingV1();
			case AGENTS_V1 -> new AgentsV1(required(settings.agentId(), "orchestrator.provider.agent-id"),
					settings.environment(), settings.agentsStatusPath());
			case PLATFORM_V1 -> new PlatformV1(required(settings.accountId(), "orchestrator.provider.account-id"),
					required(settings.projectId(), "orchestrator.provider.project-id"));
		};
	}

	static String required(@Nullable String value, String property) {
		if (value == null || value.isBlank()) {
			throw new ProviderMisconfigured(property, "must be set for this dialect");
		}
		return value;
	}

	static String segment(String value) {
		return UriUtils.encodePathSegment(value, java.nio.charset.StandardCharsets.UTF_8);
	}

	static @Nullable String firstText(JsonNode node, String... names) {
		for (String name : names) {
			JsonNode value = node.get(name);
			if (value != null && value.isString()) {
				return value.asString();
			}
		}
		return null;
	}

	/** The snake_case body shared by outbound-calling-v1 and platform-v1. */
	static Map<String, Object> snakeCaseBody(CallRequest request) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("to_number", request.toNumber());
		putIfPresent(body, "country_code", request.countryCode());
		if (!request.metadata().isEmpty()) {
			body.put("metadata", request.metadata());
		}
		putIfPresent(body, "encryption", request.encryption());
		return body;
	}

	static void putIfPresent(Map<String, Object> body, String name, @Nullable Object value) {
		if (value != null) {
			body.put(name, value);
		}
	}

	/** outbound-calling-v1 (docs 000, 003, 004). */
	static final class OutboundCallingV1 extends DialectProtocol {

		@Override
		Dialect dialect() {
			return Dialect.OUTBOUND_CALLING_V1;
		}

		@Override
		String authHeader() {
			return "X-PolyAi-Auth-Token";
		}

		@Override
		WireRequest trigger(CallRequest request) {
			return new WireRequest("/v1/outbound-calling", snakeCaseBody(request));
		}

		@Override
		String statusPath(String callSid) {
			return "/v1/outbound-calling/" + segment(callSid) + "/status";
		}

		@Override
		StatusVocabulary vocabulary() {
			return StatusVocabulary.OUTBOUND_CALLING_V1;
		}

	}

	/** agents-v1 (doc 001, OpenAPI 3.1). */
	static final class AgentsV1 extends DialectProtocol {

		private final String agentId;

		private final String defaultEnvironment;

		private final String statusPathTemplate;

		AgentsV1(String agentId, String defaultEnvironment, String statusPathTemplate) {
			this.agentId = agentId;
			this.defaultEnvironment = defaultEnvironment;
			this.statusPathTemplate = statusPathTemplate;
		}

		@Override
		Dialect dialect() {
			return Dialect.AGENTS_V1;
		}

		@Override
		String authHeader() {
			return "X-API-KEY";
		}

		@Override
		WireRequest trigger(CallRequest request) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("toNumber", request.toNumber());
			body.put("environment", request.environment() != null ? request.environment() : defaultEnvironment);
			putIfPresent(body, "countryCode", request.countryCode());
			putIfPresent(body, "variantId", request.variantId());
			putIfPresent(body, "encryption", agentsEncryption(request.encryption()));
			if (!request.metadata().isEmpty()) {
				body.put("metadata", request.metadata());
			}
			return new WireRequest("/v1/agents/" + segment(agentId) + "/telephony/outbound-calls", body);
		}

		@Override
		@Nullable String callSid(JsonNode answer) {
			return firstText(answer, "callSid", "call_sid");
		}

		@Override
		@Nullable Instant endedAt(JsonNode answer) {
			return instant(firstText(answer, "endedAt", "ended_at"));
		}

		@Override
		String statusPath(String callSid) {
			return statusPathTemplate.replace("{agentId}", segment(agentId)).replace("{callSid}", segment(callSid));
		}

		@Override
		StatusVocabulary vocabulary() {
			return StatusVocabulary.AGENTS_V1;
		}

		/** The agents API spells {@code TLS/SRTP} as {@code tls_srtp}. */
		static @Nullable String agentsEncryption(@Nullable String encryption) {
			return encryption == null ? null
					: encryption.trim().toLowerCase(java.util.Locale.ROOT).replace('/', '_');
		}

	}

	/** platform-v1 (doc 002). */
	static final class PlatformV1 extends DialectProtocol {

		private final String base;

		PlatformV1(String accountId, String projectId) {
			this.base = "/api/v1/" + segment(accountId) + "/" + segment(projectId) + "/outbound-call";
		}

		@Override
		Dialect dialect() {
			return Dialect.PLATFORM_V1;
		}

		@Override
		String authHeader() {
			return "X-CONNECTOR-ID";
		}

		@Override
		WireRequest trigger(CallRequest request) {
			return new WireRequest(base + "/trigger", snakeCaseBody(request));
		}

		@Override
		String statusPath(String callSid) {
			return base + "/status/" + segment(callSid);
		}

		@Override
		StatusVocabulary vocabulary() {
			return StatusVocabulary.PLATFORM_V1;
		}

	}

}
