package dev.campaigns.orchestrator.campaign;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.campaigns.orchestrator.campaign.internal.RecipientChange;
import dev.campaigns.orchestrator.campaign.internal.RecipientPlan;
import dev.campaigns.orchestrator.campaign.internal.RecipientRules;
import dev.campaigns.orchestrator.campaign.internal.RecipientUpdateStore;
import dev.campaigns.orchestrator.campaign.internal.RecipientValidation;
import dev.campaigns.orchestrator.campaign.internal.ValidRecipient;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Changing one recipient not yet dialled (PATCH): its number, zone, {@code notBefore},
 * {@code notAfter} or metadata, checked by the rules of ingest, planned again at once, and
 * recorded in its trail ({@code UPDATED}, with who changed what). Only a {@code PENDING}
 * recipient: one being dialled or in a call could be called at its old number while it changes.
 */
@Service
public class RecipientUpdates {

	private static final String NUMBER_TAKEN = "is already a recipient of this campaign";

	private final RecipientActions actions;

	private final CampaignQueries queries;

	private final RecipientUpdateStore store;

	private final RecipientValidation validation;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	RecipientUpdates(RecipientActions actions, CampaignQueries queries, RecipientUpdateStore store,
			RecipientValidation validation, TransactionTemplate transactions, Clock clock,
			ApplicationEventPublisher events) {
		this.actions = actions;
		this.queries = queries;
		this.store = store;
		this.validation = validation;
		this.transactions = transactions;
		this.clock = clock;
		this.events = events;
	}

	public RecipientActionResult updateByExternalId(CampaignId id, String tenant, String externalId,
			RecipientPatch patch, Actor actor) {
		return actions.byExternalId(id, tenant, externalId, recipientId -> update(id, tenant, recipientId, patch, actor));
	}

	/**
	 * Applies the patch to a pending recipient, all of it or nothing: the result must pass
	 * every ingest rule, a new number must be free in the campaign and off the tenant's
	 * do-not-call list. It is planned again from now (a retry waiting stays no earlier than
	 * planned); with no lawful opening left before its deadline it is done as {@code EXPIRED}.
	 * A patch that changes nothing records nothing.
	 */
	public RecipientActionResult update(CampaignId id, String tenant, long recipientId, RecipientPatch patch,
			Actor actor) {
		Instant now = clock.instant();
		Changed changed;
		try {
			changed = transactions.execute(tx -> change(id, tenant, recipientId, patch, actor, now));
		}
		catch (DuplicateKeyException ex) {
			// a number appended to the campaign since the check: recipient_number_once_per_campaign
			return new RecipientActionResult.Invalid(List.of(FieldError.ofCampaign("phoneNumber", NUMBER_TAKEN)));
		}
		if (changed.refused() != null) {
			return changed.refused();
		}
		if (changed.dueSooner()) {
			events.publishEvent(new RecipientsDue(id));
		}
		return actions.current(id, tenant, recipientId);
	}

	/** The transaction's outcome: refused (rolled back), or done, and whether it is due sooner than before. */
	private record Changed(@Nullable RecipientActionResult refused, boolean dueSooner) {

		static Changed refused(RecipientActionResult why) {
			return new Changed(why, false);
		}

	}

	private Changed change(CampaignId id, String tenant, long recipientId, RecipientPatch patch, Actor actor,
			Instant now) {
		Campaign campaign = queries.campaign(id, tenant).orElse(null);
		Optional<RecipientUpdateStore.Stored> locked = campaign == null ? Optional.empty()
				: store.lock(id, recipientId);
		if (campaign == null || locked.isEmpty()) {
			return Changed.refused(new RecipientActionResult.NotFound());
		}
		RecipientUpdateStore.Stored stored = locked.get();
		if (stored.state() != RecipientState.PENDING) {
			return Changed.refused(new RecipientActionResult.NotAllowed(stored.state() == RecipientState.DONE
					? "the recipient is already done with outcome " + stored.outcome() + ": it cannot be changed"
					: "the recipient is being dialled (" + stored.state() + "): changing it while a call is placed"
							+ " would be unsafe; change it once it is pending again"));
		}
		List<FieldError> errors = new ArrayList<>();
		ValidRecipient updated = validated(campaign, stored, patch, errors, now);
		if (updated == null) {
			return Changed.refused(new RecipientActionResult.Invalid(List.copyOf(errors)));
		}
		List<String> changes = RecipientChange.changes(stored, updated);
		if (changes.isEmpty()) {
			return new Changed(null, false);
		}
		// a retry waiting keeps its pause: planned no earlier than it was
		Instant from = stored.attempts() > 0 && stored.nextAttemptAt() != null && stored.nextAttemptAt().isAfter(now)
				? stored.nextAttemptAt() : now;
		RecipientPlan plan = new RecipientPlan(campaign.schedule(), from);
		Instant next = plan.firstAttempt(updated).orElse(null);
		String detail = "updated by " + actor.describe() + ": " + String.join("; ", changes)
				+ (next == null ? "; no lawful opening before its deadline: done as EXPIRED"
						: "; next attempt planned for " + next);
		store.update(recipientId, updated, plan.deadline(updated), next, detail, actor, now);
		return new Changed(null, next != null && (stored.nextAttemptAt() == null || next.isBefore(stored.nextAttemptAt())));
	}

	/**
	 * The recipient as patched, if it passes the ingest rules and a new number is free in the
	 * campaign and off the tenant's do-not-call list; else null, with the errors (no index: the
	 * request names one recipient).
	 */
	private @Nullable ValidRecipient validated(Campaign campaign, RecipientUpdateStore.Stored stored,
			RecipientPatch patch, List<FieldError> errors, Instant now) {
		List<FieldError> found = new ArrayList<>();
		ValidRecipient updated = validation.validate(0, RecipientChange.draft(stored, patch),
				new RecipientRules(campaign.schedule().defaultTimeZone(), campaign.schedule().callingWindow(), now),
				found);
		if (updated != null && !updated.phoneNumber().equals(stored.phoneNumber())) {
			if (store.numberTaken(campaign.id(), updated.phoneNumber(), stored.id())) {
				found.add(FieldError.ofCampaign("phoneNumber", NUMBER_TAKEN));
			}
			else if (store.suppressed(campaign.tenant(), updated.phoneNumber())) {
				found.add(FieldError.ofCampaign("phoneNumber",
						"is on the tenant's do-not-call list: it would never be dialled"));
			}
		}
		found.forEach(error -> errors.add(FieldError.ofCampaign(error.field(), error.reason())));
		return found.isEmpty() ? updated : null;
	}

}
