package dev.campaigns.orchestrator.connection.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.campaigns.orchestrator.StrictJson;
import dev.campaigns.orchestrator.connection.ConnectionDraft;
import dev.campaigns.orchestrator.connection.ConnectionDraft.FieldViolation;
import dev.campaigns.orchestrator.connection.InvalidConnection;
import dev.campaigns.orchestrator.provider.CallStatus;
import dev.campaigns.orchestrator.provider.StatusMapping;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a connection body, a create's or a merge patch's, onto a draft: a field given replaces
 * the draft's, {@code null} removes it (a required one is then reported missing), a field left
 * out is kept. Unknown fields and wrong types are reported by name, never ignored. The status
 * mapping is merged as RFC 7396 merges objects: a string given replaces or changes its entry,
 * a string given as {@code null} is removed, the others are kept.
 */
final class ConnectionReader {

	static final Set<String> TEXT_FIELDS = Set.of("name", "dialect", "baseUrl", "credential", "agentId", "accountId",
			"projectId", "environment");

	private ConnectionReader() {
	}

	/** @throws InvalidConnection naming each field that cannot be read */
	static ConnectionDraft apply(JsonMapper strict, byte[] body, ConnectionDraft draft) {
		JsonNode tree = tree(strict, body);
		List<FieldViolation> violations = new ArrayList<>();
		Fields fields = new Fields(draft);
		for (Map.Entry<String, JsonNode> field : tree.properties()) {
			String name = field.getKey();
			JsonNode value = field.getValue();
			String problem = fields.set(name, value);
			if (problem != null) {
				violations.add(new FieldViolation(StrictJson.name(name), problem));
			}
		}
		if (!violations.isEmpty()) {
			throw new InvalidConnection(violations);
		}
		return fields.draft();
	}

	private static JsonNode tree(JsonMapper strict, byte[] body) {
		if (!StrictJson.isUtf8(body)) {
			throw invalid("body", "is not valid UTF-8");
		}
		JsonNode tree;
		try {
			tree = strict.readTree(body);
		}
		catch (JacksonException ex) {
			throw invalid("body", "is not valid JSON (a field given twice is refused too)");
		}
		if (tree == null || !tree.isObject()) {
			throw invalid("body", "must be a JSON object");
		}
		return tree;
	}

	private static InvalidConnection invalid(String field, String reason) {
		return new InvalidConnection(List.of(new FieldViolation(field, reason)));
	}

	/** The draft's fields while a body is read onto them. */
	private static final class Fields {

		private @Nullable String name, dialect, baseUrl, credential, agentId, accountId, projectId, environment;

		private @Nullable Double callsPerSecond, statusRequestsPerSecond;

		private @Nullable Integer burst, maxConcurrentCalls;

		private boolean enabled;

		private Map<String, StatusMapping.Target> statusMapping;

		Fields(ConnectionDraft d) {
			name = d.name();
			dialect = d.dialect();
			baseUrl = d.baseUrl();
			credential = d.credential();
			agentId = d.agentId();
			accountId = d.accountId();
			projectId = d.projectId();
			environment = d.environment();
			callsPerSecond = d.callsPerSecond();
			burst = d.burst();
			maxConcurrentCalls = d.maxConcurrentCalls();
			statusRequestsPerSecond = d.statusRequestsPerSecond();
			enabled = d.enabled();
			statusMapping = new LinkedHashMap<>(d.statusMapping().targets());
		}

		/** Sets one field; the problem, or null. */
		@Nullable String set(String field, JsonNode value) {
			if (TEXT_FIELDS.contains(field)) {
				if (!value.isNull() && !value.isString()) {
					return "has the wrong type: expected a string";
				}
				if (value.isNull() && field.equals("credential")) {
					return "cannot be removed: give a new credential to replace it, or leave the field out";
				}
				text(field, value.isNull() ? null : value.asString());
				return null;
			}
			return switch (field) {
				case "callsPerSecond", "statusRequestsPerSecond" -> {
					if (!value.isNull() && !value.isNumber()) {
						yield "has the wrong type: expected a number";
					}
					Double rate = value.isNull() ? null : value.doubleValue();
					if (field.equals("callsPerSecond")) {
						callsPerSecond = rate;
					}
					else {
						statusRequestsPerSecond = rate;
					}
					yield null;
				}
				case "burst", "maxConcurrentCalls" -> {
					if (!value.isNull() && !(value.isIntegralNumber() && value.canConvertToInt())) {
						yield "has the wrong type: expected an integer";
					}
					Integer count = value.isNull() ? null : value.intValue();
					if (field.equals("burst")) {
						burst = count;
					}
					else {
						maxConcurrentCalls = count;
					}
					yield null;
				}
				case "enabled" -> {
					if (!value.isBoolean()) {
						yield "has the wrong type: expected true or false";
					}
					enabled = value.booleanValue();
					yield null;
				}
				case "statusMapping" -> mapping(value);
				default -> "is not a field of this API";
			};
		}

		/** Merges a mapping onto the draft's; the first problem, or null. */
		private @Nullable String mapping(JsonNode value) {
			if (value.isNull()) {
				statusMapping.clear();
				return null;
			}
			if (!value.isObject()) {
				return "has the wrong type: expected an object of status strings, e.g. {\"voicemail\": {\"status\":"
						+ " \"NO_ANSWER\"}}";
			}
			for (Map.Entry<String, JsonNode> entry : value.properties()) {
				if (entry.getValue().isNull()) {
					statusMapping.remove(entry.getKey());
					continue;
				}
				String problem = target(entry.getKey(), entry.getValue());
				if (problem != null) {
					return StatusMapping.Problem.quote(entry.getKey()) + " " + problem;
				}
			}
			return null;
		}

		private @Nullable String target(String string, JsonNode value) {
			if (!value.isObject()) {
				return "has the wrong type: expected an object with a status and, optionally, final";
			}
			StatusMapping.Target current = statusMapping.get(string);
			CallStatus status = current == null ? null : current.status();
			Boolean isFinal = current == null ? null : current.isFinal();
			JsonNode givenStatus = value.get("status");
			if (givenStatus != null) {
				status = givenStatus.isString() ? status(givenStatus.asString()) : null;
				isFinal = null;
				if (status == null) {
					return "has a status that is not one of " + StatusMapping.MAPPABLE;
				}
			}
			JsonNode givenFinal = value.get("final");
			if (givenFinal != null) {
				if (!givenFinal.isNull() && !givenFinal.isBoolean()) {
					return "has a final of the wrong type: expected true, false or null";
				}
				isFinal = givenFinal.isNull() ? null : givenFinal.booleanValue();
			}
			for (String field : value.propertyNames()) {
				if (!field.equals("status") && !field.equals("final")) {
					return "has " + StrictJson.name(field) + ", which is not a field of a mapping: status, final";
				}
			}
			if (status == null) {
				return "needs a status: one of " + StatusMapping.MAPPABLE;
			}
			statusMapping.put(string, new StatusMapping.Target(status, isFinal));
			return null;
		}

		private static @Nullable CallStatus status(String name) {
			return Arrays.stream(CallStatus.values()).filter(s -> s.name().equals(name)).findFirst().orElse(null);
		}

		private void text(String field, @Nullable String value) {
			switch (field) {
				case "name" -> name = value;
				case "dialect" -> dialect = value;
				case "baseUrl" -> baseUrl = value;
				case "credential" -> credential = value;
				case "agentId" -> agentId = value;
				case "accountId" -> accountId = value;
				case "projectId" -> projectId = value;
				default -> environment = value;
			}
		}

		ConnectionDraft draft() {
			return new ConnectionDraft(name, dialect, baseUrl, credential, agentId, accountId, projectId, environment,
					callsPerSecond, burst, maxConcurrentCalls, statusRequestsPerSecond, enabled,
					StatusMapping.of(statusMapping));
		}

	}

}
