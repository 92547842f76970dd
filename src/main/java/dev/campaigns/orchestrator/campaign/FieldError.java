package dev.campaigns.orchestrator.campaign;

import org.jspecify.annotations.Nullable;

/**
 * One thing wrong with a request: the recipient's position ({@code null} for a campaign
 * field), the field's name as the client wrote it, and why.
 */
public record FieldError(@Nullable Integer index, String field, String reason) {

	public static FieldError ofCampaign(String field, String reason) {
		return new FieldError(null, field, reason);
	}

	public static FieldError ofRecipient(int index, String field, String reason) {
		return new FieldError(index, field, reason);
	}

}
