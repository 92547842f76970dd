package dev.campaigns.sandbox;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.List;

/**
 * The three shapes of the PolyAI Outbound Calling API: how each authenticates, names its
 * body fields, spells encryption modes and call statuses, and shapes its responses.
 */
enum Dialect {

	/** {@code POST /v1/outbound-calling}, docs 000, 003, 004. */
	OUTBOUND_CALLING_V1("outbound-calling-v1", "X-PolyAi-Auth-Token", BodyFields.SNAKE_CASE,
			List.of("TLS/SRTP", "TLS/RTP", "UDP/SRTP", "UDP/RTP"), "call_sid"),

	/** {@code POST /v1/agents/{agentId}/telephony/outbound-calls}, doc 001 (OpenAPI). */
	AGENTS_V1("agents-v1", "X-API-KEY", BodyFields.CAMEL_CASE, List.of("tls_srtp", "tls_rtp", "udp_srtp", "udp_rtp"),
			"callSid"),

	/** {@code POST /api/v1/{account_id}/{project_id}/outbound-call/trigger}, doc 002. */
	PLATFORM_V1("platform-v1", "X-CONNECTOR-ID", BodyFields.SNAKE_CASE,
			List.of("TLS/SRTP", "TLS/RTP", "UDP/SRTP", "UDP/RTP"), "call_sid");

	/** The environments the agents API accepts in its required {@code environment} field. */
	static final List<String> AGENT_ENVIRONMENTS = List.of("sandbox", "pre-release", "live");

	private final String wireName;

	private final String authHeader;

	private final BodyFields fields;

	private final List<String> encryptions;

	private final String callSidField;

	Dialect(String wireName, String authHeader, BodyFields fields, List<String> encryptions, String callSidField) {
		this.wireName = wireName;
		this.authHeader = authHeader;
		this.fields = fields;
		this.encryptions = encryptions;
		this.callSidField = callSidField;
	}

	/** The dialect's name in configuration and in {@code _calls}. */
	String wireName() {
		return wireName;
	}

	/** The header that carries this dialect's credential. */
	String authHeader() {
		return authHeader;
	}

	BodyFields fields() {
		return fields;
	}

	/** The encryption modes this dialect accepts, spelled as it spells them, the default first. */
	List<String> encryptions() {
		return encryptions;
	}

	/** The encryption mode of a trigger that names none. */
	String defaultEncryption() {
		return encryptions.get(0);
	}

	/** Whether the body must name the agent environment (only the agents API has one). */
	boolean requiresEnvironment() {
		return this == AGENTS_V1;
	}

	/** A call phase in this dialect's status vocabulary. */
	String statusOf(CallPhase phase) {
		return switch (this) {
			case OUTBOUND_CALLING_V1 -> switch (phase) {
				case CREATED, QUEUED -> "queued";
				case RINGING, IN_PROGRESS -> "calling";
				case COMPLETED -> "success";
				case NO_ANSWER, BUSY, FAILED -> "failure";
			};
			// the agents API answers a trigger with QUEUED and has no separate "just created"
			case AGENTS_V1 -> phase == CallPhase.CREATED ? "QUEUED" : phase.name();
			case PLATFORM_V1 ->
				phase == CallPhase.CREATED ? "CREATED" : phase.name().toLowerCase(Locale.ROOT).replace('_', '-');
		};
	}

	/** The body of a successful trigger response. */
	Map<String, String> triggerResponse(String callSid) {
		Map<String, String> body = new LinkedHashMap<>();
		body.put(callSidField, callSid);
		// outbound-calling-v1 answers with the call id alone
		if (this != OUTBOUND_CALLING_V1) {
			body.put("status", statusOf(CallPhase.CREATED));
		}
		return body;
	}

	/** The body of a status response. */
	Map<String, String> statusResponse(String callSid, String status) {
		Map<String, String> body = new LinkedHashMap<>();
		body.put(callSidField, callSid);
		body.put("status", status);
		return body;
	}

	/** The JSON names of a dialect's trigger body fields. */
	record BodyFields(String toNumber, String countryCode, String metadata, String encryption) {

		static final BodyFields SNAKE_CASE = new BodyFields("to_number", "country_code", "metadata", "encryption");

		static final BodyFields CAMEL_CASE = new BodyFields("toNumber", "countryCode", "metadata", "encryption");

	}

}
