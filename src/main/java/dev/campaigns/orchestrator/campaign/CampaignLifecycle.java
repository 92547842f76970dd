package dev.campaigns.orchestrator.campaign;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.campaigns.orchestrator.campaign.internal.CampaignLifecycleStore;
import dev.campaigns.orchestrator.notify.Outbox;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pausing, resuming, cancelling and completing campaigns. Only the transitions of
 * {@link LifecycleAction#from} happen; cancelling or completing also cancels every recipient
 * not yet dialled, in the same transaction (calls in progress finish and are recorded).
 */
@Service
public class CampaignLifecycle {

	private final CampaignLifecycleStore store;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final Outbox outbox;

	CampaignLifecycle(CampaignLifecycleStore store, TransactionTemplate transactions, Clock clock,
			ApplicationEventPublisher events, Outbox outbox) {
		this.store = store;
		this.transactions = transactions;
		this.clock = clock;
		this.events = events;
		this.outbox = outbox;
	}

	/** Applies an action an API key asked for; the campaign's audit records who. */
	public LifecycleResult apply(CampaignId id, String tenant, LifecycleAction action, Actor actor) {
		return apply(id, tenant, action, actor, null);
	}

	/**
	 * Applies an action on behalf of the service itself, e.g. pausing a campaign whose provider
	 * configuration was rejected, with the reason an operator will read.
	 */
	public LifecycleResult applyForService(CampaignId id, String tenant, LifecycleAction action, String reason) {
		return apply(id, tenant, action, Actor.SYSTEM, reason);
	}

	private LifecycleResult apply(CampaignId id, String tenant, LifecycleAction action, Actor actor,
			@Nullable String reason) {
		Instant now = clock.instant();
		LifecycleResult result = transactions.execute(tx -> {
			Campaign campaign = store.findForUpdate(id, tenant).orElse(null);
			if (campaign == null) {
				return new LifecycleResult.NotFound();
			}
			CampaignStatus next = action.from(campaign.status(), campaign.schedule(), now).orElse(null);
			if (next == null) {
				return new LifecycleResult.NotAllowed(action, campaign.status());
			}
			store.changeStatus(id, next, reason, actor, now);
			if (next.isFinal()) {
				store.cancelPendingRecipients(id, now);
			}
			CampaignView view = store.view(id, tenant);
			if (next == CampaignStatus.COMPLETED) {
				outbox.record(tenant, Outbox.CAMPAIGN_COMPLETED, completedEvent(view, now));
			}
			else if (next == CampaignStatus.PAUSED) {
				outbox.record(tenant, Outbox.CAMPAIGN_PAUSED, pausedEvent(view, actor, reason, now));
			}
			return new LifecycleResult.Changed(view);
		});
		if (result instanceof LifecycleResult.Changed changed && changed.campaign().status() == CampaignStatus.RUNNING) {
			// resumed (committed, unless called within a transaction of the caller's): its recipients are due again
			events.publishEvent(new RecipientsDue(id));
		}
		else if (result instanceof LifecycleResult.Changed changed && (changed.campaign().status() == CampaignStatus.PAUSED
				|| changed.campaign().status().isFinal())) {
			// committed: no call of it may leave once this is answered (the dispatcher holds the answer until then)
			events.publishEvent(new CampaignStopped(id));
		}
		return result;
	}

	/** The {@code campaign.paused} data: who paused it (a key's id and name, or the service) and why. */
	private static Map<String, Object> pausedEvent(CampaignView view, Actor actor, @Nullable String reason,
			Instant now) {
		Map<String, Object> by = new LinkedHashMap<>();
		by.put("keyId", actor.keyId());
		by.put("name", actor.name());
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("campaignId", view.id());
		event.put("name", view.name());
		event.put("pausedAt", now.toString());
		event.put("reason", reason);
		event.put("by", by);
		return event;
	}

	/**
	 * The {@code campaign.completed} data, shaped as the automatic completion records it; calls
	 * still in progress are counted by their state only (they are not in {@code byOutcome} yet).
	 */
	private static Map<String, Object> completedEvent(CampaignView view, Instant now) {
		Map<RecipientOutcome, Long> byOutcome = new EnumMap<>(RecipientOutcome.class);
		for (RecipientOutcome outcome : RecipientOutcome.values()) {
			byOutcome.put(outcome, view.counts().byOutcome().getOrDefault(outcome, 0L));
		}
		return Map.of("campaignId", view.id(), "name", view.name(), "completedAt", now.toString(), "counts",
				Map.of("total", view.counts().total(), "byOutcome", byOutcome));
	}

}
