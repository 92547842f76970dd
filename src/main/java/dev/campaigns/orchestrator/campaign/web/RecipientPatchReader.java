package dev.campaigns.orchestrator.campaign.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.campaigns.orchestrator.StrictJson;
import dev.campaigns.orchestrator.campaign.FieldError;
import dev.campaigns.orchestrator.campaign.RecipientPatch;
import dev.campaigns.orchestrator.campaign.RecipientPatch.Given;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Reads a recipient's patch as {@link StrictJson} reads every body (not UTF-8, not JSON, a field
 * given twice or trailing garbage are errors), keeping apart a field absent (unchanged) and one
 * given {@code null} (cleared). An unknown field, or a value of the wrong type, is named.
 */
@Component
class RecipientPatchReader {

	private static final Set<String> TEXT_FIELDS = Set.of("phoneNumber", "countryCode", "timeZone", "notBefore",
			"notAfter");

	private final JsonMapper strict;

	RecipientPatchReader(JsonMapper json) {
		this.strict = StrictJson.mapper(json);
	}

	/**
	 * @throws MalformedRequest naming each field that cannot be read
	 */
	RecipientPatch read(byte[] body) {
		JsonNode tree = tree(body);
		List<FieldError> errors = new ArrayList<>();
		Map<String, Given<String>> texts = new HashMap<>();
		Given<Map<String, @Nullable Object>> metadata = null;
		for (Map.Entry<String, JsonNode> field : tree.properties()) {
			String name = field.getKey();
			JsonNode value = field.getValue();
			if (TEXT_FIELDS.contains(name)) {
				if (value.isNull() || value.isString()) {
					texts.put(name, new Given<>(value.isNull() ? null : value.asString()));
				}
				else {
					errors.add(FieldError.ofCampaign(name, "has the wrong type: expected a string"));
				}
			}
			else if ("metadata".equals(name)) {
				if (value.isNull() || value.isObject()) {
					metadata = new Given<>(value.isNull() ? null : metadata(value));
				}
				else {
					errors.add(FieldError.ofCampaign(name, "has the wrong type: expected an object"));
				}
			}
			else {
				errors.add(FieldError.ofCampaign(StrictJson.name(name), "is not a field of this API"));
			}
		}
		if (!errors.isEmpty()) {
			throw new MalformedRequest(errors);
		}
		return new RecipientPatch(texts.get("phoneNumber"), texts.get("countryCode"), texts.get("timeZone"),
				texts.get("notBefore"), texts.get("notAfter"), metadata);
	}

	private JsonNode tree(byte[] body) {
		if (!StrictJson.isUtf8(body)) {
			throw new MalformedRequest(List.of(FieldError.ofCampaign("body", "is not valid UTF-8")));
		}
		JsonNode tree;
		try {
			tree = strict.readTree(body);
		}
		catch (JacksonException ex) {
			String where = ex instanceof StreamReadException read && read.getLocation() != null
					? " (line " + read.getLocation().getLineNr() + ", column " + read.getLocation().getColumnNr() + ")"
					: "";
			throw new MalformedRequest(List.of(FieldError.ofCampaign("body", "is not valid JSON" + where)));
		}
		if (tree == null || !tree.isObject()) {
			throw new MalformedRequest(List.of(FieldError.ofCampaign("body", "must be a JSON object")));
		}
		return tree;
	}

	/** Strings as strings, null as a removal; anything else kept as parsed, for validation to name. */
	private static Map<String, @Nullable Object> metadata(JsonNode object) {
		Map<String, @Nullable Object> metadata = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : object.properties()) {
			JsonNode value = entry.getValue();
			metadata.put(entry.getKey(), value.isNull() ? null : value.isString() ? value.asString() : value);
		}
		return metadata;
	}

}
