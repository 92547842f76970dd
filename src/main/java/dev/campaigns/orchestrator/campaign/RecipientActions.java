package dev.campaigns.orchestrator.campaign;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import dev.campaigns.orchestrator.campaign.internal.RecipientActionStore;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Acting on one recipient of a campaign, found by id or by external id, within one tenant:
 * cancelling it (never dialled after the answer) and requeueing one whose trigger's outcome is
 * unknown once an operator decided the call was not placed. Each is in its audit trail.
 */
@Service
public class RecipientActions {

	private final CampaignQueries queries;

	private final RecipientActionStore store;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	RecipientActions(CampaignQueries queries, RecipientActionStore store, TransactionTemplate transactions,
			Clock clock, ApplicationEventPublisher events) {
		this.queries = queries;
		this.store = store;
		this.transactions = transactions;
		this.clock = clock;
		this.events = events;
	}

	/** The recipient whose external id this is, if exactly one of the campaign has it. */
	public RecipientActionResult findByExternalId(CampaignId id, String tenant, String externalId) {
		return byExternalId(id, tenant, externalId, recipientId -> queries.recipient(id, tenant, recipientId)
			.<RecipientActionResult>map(RecipientActionResult.Done::new)
			.orElseGet(RecipientActionResult.NotFound::new));
	}

	public RecipientActionResult cancelByExternalId(CampaignId id, String tenant, String externalId, Actor actor) {
		return byExternalId(id, tenant, externalId, recipientId -> cancel(id, tenant, recipientId, actor));
	}

	/**
	 * Cancels the recipient: a pending one is done as {@code CANCELLED} at once; one being dialled
	 * or in a call is marked (see {@link RecipientCancelled}): its trigger not yet sent is not
	 * sent, a call in progress ends with its own outcome, and no retry follows. Repeating it changes
	 * nothing; a recipient done with another outcome is not cancelled.
	 */
	public RecipientActionResult cancel(CampaignId id, String tenant, long recipientId, Actor actor) {
		Instant now = clock.instant();
		AtomicBoolean dialling = new AtomicBoolean();
		Optional<RecipientActionResult> refused = transactions.execute(tx -> {
			var recipient = locked(id, tenant, recipientId);
			if (recipient.isEmpty()) {
				return Optional.of(new RecipientActionResult.NotFound());
			}
			RecipientActionStore.Locked found = recipient.get();
			switch (found.state()) {
				case PENDING -> store.cancelPending(recipientId, actor, now);
				case DIALING, IN_CALL -> {
					store.requestCancel(recipientId, actor, now);
					dialling.set(found.state() == RecipientState.DIALING);
				}
				case DONE -> {
					if (!RecipientOutcome.CANCELLED.name().equals(found.outcome())) {
						return Optional.of(new RecipientActionResult.NotAllowed(
								"the recipient is already done with outcome " + found.outcome()));
					}
				}
			}
			return Optional.<RecipientActionResult>empty();
		});
		if (refused.isPresent()) {
			return refused.get();
		}
		if (dialling.get()) {
			// committed: a trigger held for it must not leave once this is answered
			events.publishEvent(new RecipientCancelled(id, recipientId));
		}
		return current(id, tenant, recipientId);
	}

	/**
	 * Puts a {@code TRIGGER_UNKNOWN} recipient back to {@code PENDING}, due now: an operator
	 * decided its call was not placed. Only such a recipient of a campaign not yet closed.
	 */
	public RecipientActionResult requeue(CampaignId id, String tenant, long recipientId, Actor actor) {
		Instant now = clock.instant();
		Optional<RecipientActionResult> refused = transactions.execute(tx -> {
			if (locked(id, tenant, recipientId).isEmpty()) {
				return Optional.of(new RecipientActionResult.NotFound());
			}
			if (!store.requeue(recipientId, actor, now)) {
				return Optional.of(new RecipientActionResult.NotAllowed("only a recipient whose outcome is"
						+ " TRIGGER_UNKNOWN, never cancelled, of a campaign not completed or cancelled can be requeued"));
			}
			return Optional.<RecipientActionResult>empty();
		});
		if (refused.isPresent()) {
			return refused.get();
		}
		events.publishEvent(new RecipientsDue(id));
		return current(id, tenant, recipientId);
	}

	private Optional<RecipientActionStore.Locked> locked(CampaignId id, String tenant, long recipientId) {
		if (queries.campaign(id, tenant).isEmpty()) {
			return Optional.empty();
		}
		return store.lock(id, recipientId);
	}

	/** The action on the recipient of the campaign with this external id (unique per campaign: V17); not found otherwise. */
	RecipientActionResult byExternalId(CampaignId id, String tenant, String externalId,
			Function<Long, RecipientActionResult> action) {
		if (queries.campaign(id, tenant).isEmpty()) {
			return new RecipientActionResult.NotFound();
		}
		List<Long> ids = store.idsByExternalId(id, externalId, 1);
		if (ids.isEmpty()) {
			return new RecipientActionResult.NotFound();
		}
		return action.apply(ids.get(0));
	}

	/** The recipient now, with its trail. */
	RecipientActionResult current(CampaignId id, String tenant, long recipientId) {
		return queries.recipient(id, tenant, recipientId)
			.<RecipientActionResult>map(RecipientActionResult.Done::new)
			.orElseGet(RecipientActionResult.NotFound::new);
	}

}
