package dev.campaigns.orchestrator.campaign;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The answer of an append: what became of its rows, and the campaign now. Every row is
 * counted once: {@code added + skipped + updated + notUpdated} is the number of rows.
 *
 * @param added new recipients stored
 * @param skipped rows left out because they are already recipients ({@code onDuplicate=skip})
 * @param updated recipients changed by their row ({@code onDuplicate=update})
 * @param notUpdated rows of recipients left as they were because they are done, being dialled
 * or in a call ({@code onDuplicate=update})
 * @param campaign the campaign with its counts after the append
 */
public record Appended(@Schema(description = "New recipients stored") int added,
		@Schema(description = "Rows left out: already recipients of the campaign (onDuplicate=skip)") int skipped,
		@Schema(description = "Recipients changed by their row (onDuplicate=update)") int updated,
		@Schema(description = "Rows whose recipient was left as it was: done, being dialled or in a call"
				+ " (onDuplicate=update)") int notUpdated,
		CampaignView campaign) {

	public static Appended of(IngestResult.Stored stored) {
		return new Appended(stored.added(), stored.skipped(), stored.updated(), stored.notUpdated(),
				stored.campaign());
	}

}
