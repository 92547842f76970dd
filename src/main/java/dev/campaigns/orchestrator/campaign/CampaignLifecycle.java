package dev.campaigns.orchestrator.campaign;

import java.time.Clock;
import java.time.Instant;

import dev.campaigns.orchestrator.campaign.internal.CampaignLifecycleStore;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pausing, resuming and cancelling campaigns. Only the transitions of
 * {@link LifecycleAction#from} happen; cancelling also cancels every recipient not yet
 * dialled, in the same transaction.
 */
@Service
public class CampaignLifecycle {

	private final CampaignLifecycleStore store;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	CampaignLifecycle(CampaignLifecycleStore store, TransactionTemplate transactions, Clock clock,
			ApplicationEventPublisher events) {
		this.store = store;
		this.transactions = transactions;
		this.clock = clock;
		this.events = events;
	}

	public LifecycleResult apply(CampaignId id, String tenant, LifecycleAction action) {
		return apply(id, tenant, action, null);
	}

	/**
	 * Applies an action on behalf of the system, e.g. pausing a campaign whose provider
	 * configuration was rejected, with the reason an operator will read.
	 */
	public LifecycleResult apply(CampaignId id, String tenant, LifecycleAction action, @Nullable String reason) {
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
			store.changeStatus(id, next, reason, now);
			if (next == CampaignStatus.CANCELLED) {
				store.cancelPendingRecipients(id, now);
			}
			return new LifecycleResult.Changed(store.view(id, tenant));
		});
		if (result instanceof LifecycleResult.Changed changed && changed.campaign().status() == CampaignStatus.RUNNING) {
			// resumed (committed, unless called within a transaction of the caller's): its recipients are due again
			events.publishEvent(new RecipientsDue(id));
		}
		else if (result instanceof LifecycleResult.Changed changed && (changed.campaign().status() == CampaignStatus.PAUSED
				|| changed.campaign().status() == CampaignStatus.CANCELLED)) {
			// committed: no call of it may leave once this is answered (the dispatcher holds the answer until then)
			events.publishEvent(new CampaignStopped(id));
		}
		return result;
	}

}
