package dev.campaigns.orchestrator.campaign.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.campaigns.orchestrator.StrictJson;
import dev.campaigns.orchestrator.campaign.CampaignDraft;
import dev.campaigns.orchestrator.campaign.CampaignPatch;
import dev.campaigns.orchestrator.campaign.FieldError;
import dev.campaigns.orchestrator.campaign.IngestLimits;
import dev.campaigns.orchestrator.campaign.IngestResult;
import dev.campaigns.orchestrator.campaign.RecipientDraft;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Reads request bodies as {@link StrictJson} does (unknown fields, wrong types, duplicate
 * fields and trailing garbage are errors), naming the field of each error as the campaign
 * API does, e.g. {@code phoneNumber} of recipient 3. The recipients are counted before any is
 * bound: past {@code max-recipients-per-request}, the body is read no further, and refused.
 */
@Component
class DraftReader {

	private static final TypeReference<List<RecipientDraft>> RECIPIENTS = new TypeReference<>() {
	};

	private static final TypeReference<Map<String, Object>> PATCH = new TypeReference<>() {
	};

	private final JsonMapper strict;

	private final int maxRecipients;

	DraftReader(JsonMapper json, IngestLimits limits) {
		this.strict = StrictJson.mapper(json);
		this.maxRecipients = limits.maxRecipientsPerRequest();
	}

	/**
	 * @throws InvalidRecipients for more recipients than one request may bring
	 */
	CampaignDraft campaign(byte[] body) {
		requireUtf8(body);
		requireAtMostMaxRecipients(body, false);
		try {
			CampaignDraft draft = strict.readValue(body, CampaignDraft.class);
			if (draft == null) {
				throw new MalformedRequest(List.of(FieldError.ofCampaign("body", "must be a JSON object")));
			}
			return draft;
		}
		catch (JacksonException ex) {
			throw new MalformedRequest(List.of(error(ex, false)));
		}
	}

	/**
	 * A campaign edit: its shape checked against {@link CampaignPatch} (a field that is not
	 * patchable is refused by name), and answered as read, so that a member set to null, which
	 * removes a value, stays apart from one left out.
	 */
	Map<String, Object> patch(byte[] body) {
		requireUtf8(body);
		try {
			if (strict.readValue(body, CampaignPatch.class) == null) {
				throw new MalformedRequest(List.of(FieldError.ofCampaign("body", "must be a JSON object")));
			}
			return strict.readValue(body, PATCH);
		}
		catch (JacksonException ex) {
			throw new MalformedRequest(List.of(error(ex, false)));
		}
	}

	/**
	 * @throws InvalidRecipients for more recipients than one request may bring
	 */
	List<RecipientDraft> recipients(byte[] body) {
		requireUtf8(body);
		requireAtMostMaxRecipients(body, true);
		try {
			List<RecipientDraft> drafts = strict.readValue(body, RECIPIENTS);
			if (drafts == null) {
				throw new MalformedRequest(List.of(FieldError.ofCampaign("body", "must be a JSON array of recipients")));
			}
			return drafts;
		}
		catch (JacksonException ex) {
			throw new MalformedRequest(List.of(error(ex, true)));
		}
	}

	private static void requireUtf8(byte[] body) {
		if (!StrictJson.isUtf8(body)) {
			throw new MalformedRequest(List.of(FieldError.ofCampaign("body", "is not valid UTF-8")));
		}
	}

	/**
	 * Counts the recipients (the body's array, or its {@code recipients} field) token by token.
	 * A body that is not JSON of the expected shape passes: binding it names its fault.
	 */
	private void requireAtMostMaxRecipients(byte[] body, boolean array) {
		int count;
		try (JsonParser parser = strict.createParser(body)) {
			if (!toRecipients(parser, array)) {
				return;
			}
			count = StrictJson.elements(parser, maxRecipients);
		}
		catch (JacksonException ex) {
			return;
		}
		if (count > maxRecipients) {
			String reason = array ? "at most " + maxRecipients + " per request"
					: "at most " + maxRecipients
							+ " per request; append the rest with POST /api/v1/campaigns/{id}/recipients";
			throw new InvalidRecipients(
					new IngestResult.Invalid(List.of(FieldError.ofCampaign("recipients", reason)), 1));
		}
	}

	/** Moves the parser to the start of the recipients' array; false when there is none. */
	private static boolean toRecipients(JsonParser parser, boolean array) {
		JsonToken token = parser.nextToken();
		if (array) {
			return token == JsonToken.START_ARRAY;
		}
		if (token != JsonToken.START_OBJECT) {
			return false;
		}
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			boolean recipients = "recipients".equals(parser.currentName());
			if (parser.nextToken() == JsonToken.START_ARRAY && recipients) {
				return true;
			}
			parser.skipChildren();
		}
		return false;
	}

	/** Turns Jackson's path ({@code recipients[3].metadata}) into the API's index and field. */
	private static FieldError error(JacksonException ex, boolean arrayOfRecipients) {
		List<String> names = new ArrayList<>();
		Integer index = null;
		boolean inRecipients = arrayOfRecipients;
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				if (index == null && "recipients".equals(reference.getPropertyName()) && names.isEmpty()) {
					inRecipients = true;
					continue;
				}
				names.add(StrictJson.name(reference.getPropertyName()));
			}
			else if (reference.getIndex() >= 0) {
				if (inRecipients && index == null) {
					index = reference.getIndex();
				}
				else if (!names.isEmpty()) {
					names.set(names.size() - 1, names.get(names.size() - 1) + "[" + reference.getIndex() + "]");
				}
			}
		}
		String field = names.isEmpty() ? (inRecipients && index == null ? "recipients" : "body") : String.join(".", names);
		String reason;
		if (ex instanceof UnrecognizedPropertyException) {
			reason = "is not a field of this API";
		}
		else if (ex instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
			reason = "has the wrong type: expected " + expected(mismatch.getTargetType());
		}
		else if (ex instanceof StreamReadException read) {
			reason = "is not valid JSON" + (read.getLocation() != null
					? " (line " + read.getLocation().getLineNr() + ", column " + read.getLocation().getColumnNr() + ")"
					: "");
			field = "body";
			index = null;
		}
		else {
			reason = "cannot be read";
		}
		return new FieldError(index, field, reason);
	}

	private static String expected(Class<?> type) {
		if (type == String.class) {
			return "a string";
		}
		if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
			return "an integer";
		}
		if (List.class.isAssignableFrom(type)) {
			return "an array";
		}
		return "an object";
	}

}
