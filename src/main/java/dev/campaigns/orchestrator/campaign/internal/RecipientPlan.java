package dev.campaigns.orchestrator.campaign.internal;

import java.time.Instant;

import dev.campaigns.orchestrator.campaign.Campaign;
import org.jspecify.annotations.Nullable;

/** When a new recipient is first due, and the deadline it must be called by. */
final class RecipientPlan {

	private RecipientPlan() {
	}

	/** The earlier of the recipient's {@code notAfter} and the campaign's end. */
	static @Nullable Instant deadline(Campaign campaign, ValidRecipient recipient) {
		Instant end = campaign.schedule().endAt();
		Instant notAfter = recipient.notAfter();
		if (end == null) {
			return notAfter;
		}
		return notAfter == null || end.isBefore(notAfter) ? end : notAfter;
	}

	/** The latest of now, the campaign's start and the recipient's {@code notBefore}. */
	static Instant firstAttempt(Campaign campaign, ValidRecipient recipient, Instant now) {
		Instant due = now;
		if (campaign.schedule().startAt() != null && campaign.schedule().startAt().isAfter(due)) {
			due = campaign.schedule().startAt();
		}
		if (recipient.notBefore() != null && recipient.notBefore().isAfter(due)) {
			due = recipient.notBefore();
		}
		return due;
	}

}
