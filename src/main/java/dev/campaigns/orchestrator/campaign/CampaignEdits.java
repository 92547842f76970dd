package dev.campaigns.orchestrator.campaign;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.campaigns.orchestrator.campaign.internal.CampaignEditStore;
import dev.campaigns.orchestrator.campaign.internal.CampaignSettingsValidation;
import dev.campaigns.orchestrator.campaign.internal.SettingsPatch;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Editing a campaign that is not completed or cancelled: the patch ({@link CampaignPatch}) is
 * merged into its settings, the result validated as a create would be, and, in one transaction
 * holding the campaign's row, the settings stored, its recipients not yet dialled re-planned
 * for the new schedule, and the edit (each field, old and new value) added to its audit. The
 * dispatcher reads the rate and concurrency of each campaign every round, so a new pace holds
 * from its next round; one is started at once after the commit.
 */
@Service
public class CampaignEdits {

	private final CampaignEditStore store;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final JsonMapper json;

	CampaignEdits(CampaignEditStore store, TransactionTemplate transactions, Clock clock,
			ApplicationEventPublisher events, JsonMapper json) {
		this.store = store;
		this.transactions = transactions;
		this.clock = clock;
		this.events = events;
		this.json = json;
	}

	/**
	 * Applies a merge patch whose shape was checked against {@link CampaignPatch}.
	 *
	 * @param patch the body as read (a member set to null removes that value)
	 * @param actor who asked: the campaign's audit records it with the changes
	 */
	public EditResult edit(CampaignId id, String tenant, Map<String, Object> patch, Actor actor) {
		Instant now = clock.instant();
		EditResult result = transactions.execute(tx -> {
			Campaign campaign = store.findForUpdate(id, tenant).orElse(null);
			if (campaign == null) {
				return new EditResult.NotFound();
			}
			if (campaign.status().isFinal()) {
				return new EditResult.Closed(campaign.status());
			}
			Map<String, Object> before = SettingsPatch.of(campaign);
			List<FieldError> errors = new ArrayList<>();
			CampaignDraft draft = json.convertValue(SettingsPatch.merge(before, patch), CampaignDraft.class);
			CampaignSettingsValidation.Settings settings = CampaignSettingsValidation.validate(draft, errors);
			if (settings == null) {
				return new EditResult.Invalid(errors);
			}
			List<SettingsPatch.Change> changes = SettingsPatch.changes(before, SettingsPatch.of(settings));
			if (changes.isEmpty()) {
				return new EditResult.Edited(store.view(id, tenant), List.of(), 0, 0);
			}
			store.update(id, settings, now);
			CampaignEditStore.Replanned replanned = replans(campaign, settings)
					? store.replan(id, settings.schedule(), settings.retry().backoff(), now)
					: new CampaignEditStore.Replanned(0, 0);
			store.recordEdit(id, changes, actor, now);
			return new EditResult.Edited(store.view(id, tenant), changes.stream().map(SettingsPatch.Change::text).toList(),
					replanned.replanned(), replanned.expired());
		});
		if (result instanceof EditResult.Edited edited && !edited.changes().isEmpty()) {
			// committed: recipients may be due earlier, or at a new pace; the dispatcher looks at once
			events.publishEvent(new RecipientsDue(id));
		}
		return result;
	}

	/** Whether the edit moves when recipients may be called: their window, dates, end or backoff. */
	private static boolean replans(Campaign campaign, CampaignSettingsValidation.Settings settings) {
		return !campaign.schedule().callingWindow().equals(settings.schedule().callingWindow())
				|| !Objects.equals(campaign.schedule().endAt(), settings.schedule().endAt())
				|| !campaign.retry().backoff().equals(settings.retry().backoff());
	}

}
