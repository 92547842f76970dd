package dev.campaigns.orchestrator.campaign;

import org.jspecify.annotations.Nullable;

/**
 * Which of a campaign's recipients a listing shows; a {@code null} part does not filter.
 *
 * @param state the recipients in this state
 * @param outcome the recipients done with this outcome
 * @param externalId the recipients with exactly this external id
 * @param phoneNumber the recipient with this number, E.164 as stored
 */
public record RecipientFilter(@Nullable RecipientState state, @Nullable RecipientOutcome outcome,
		@Nullable String externalId, @Nullable String phoneNumber) {

	/** Every recipient. */
	public static final RecipientFilter ALL = new RecipientFilter(null, null, null, null);

}
