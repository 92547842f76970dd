package dev.campaigns.orchestrator.campaign;

import java.util.List;

/** What became of a create, append or preview request. */
public sealed interface IngestResult {

	/**
	 * Stored: the campaign as it is now, the recipients added and, for an append that met
	 * recipients it already held ({@link OnDuplicate}), the rows skipped, the recipients updated
	 * and the rows whose recipient could not be updated.
	 */
	record Stored(CampaignView campaign, int added, int skipped, int updated, int notUpdated) implements IngestResult {

		public Stored(CampaignView campaign, int added) {
			this(campaign, added, 0, 0, 0);
		}

	}

	/** Nothing stored; every problem found (up to the configured bound) and how many in all. */
	record Invalid(List<FieldError> errors, int totalErrors) implements IngestResult {
	}

	/** The same {@code Idempotency-Key} and body were seen before: this is that first answer. */
	record Replayed(int status, String body) implements IngestResult {
	}

	/** The {@code Idempotency-Key} was used before with a different body. */
	record KeyReused() implements IngestResult {
	}

	/** No such campaign for this tenant. */
	record NotFound() implements IngestResult {
	}

	/** The campaign is completed or cancelled and takes no more recipients. */
	record Closed(CampaignStatus status) implements IngestResult {
	}

}
