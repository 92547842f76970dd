package dev.campaigns.orchestrator.campaign;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import dev.campaigns.orchestrator.campaign.internal.CampaignSettingsValidation;
import dev.campaigns.orchestrator.campaign.internal.CampaignStore;
import dev.campaigns.orchestrator.campaign.internal.IngestWriter;
import dev.campaigns.orchestrator.campaign.internal.RecipientValidation;
import dev.campaigns.orchestrator.campaign.internal.ValidRecipient;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

/**
 * Taking campaigns and recipients in: everything is validated, then stored in one
 * transaction or not at all. Rejections are values ({@link IngestResult.Invalid}), listing
 * every bad field of every bad recipient.
 */
@Service
public class CampaignIngest {

	private final RecipientValidation recipients;

	private final IngestWriter writer;

	private final CampaignStore campaigns;

	private final IngestLimits limits;

	private final Clock clock;

	CampaignIngest(RecipientValidation recipients, IngestWriter writer, CampaignStore campaigns, IngestLimits limits,
			Clock clock) {
		this.recipients = recipients;
		this.writer = writer;
		this.campaigns = campaigns;
		this.limits = limits;
		this.clock = clock;
	}

	/** An {@code Idempotency-Key} and the hash of the request body it came with. */
	public record Idempotency(String key, String requestHash) {
	}

	/**
	 * Creates a campaign with its recipients.
	 *
	 * @param idempotency the client's key, or null
	 */
	public IngestResult create(String tenant, CampaignDraft draft, @Nullable Idempotency idempotency) {
		Instant now = clock.instant();
		var errors = writer.rejections();
		var settings = CampaignSettingsValidation.validate(draft, errors);
		List<ValidRecipient> valid = validateAll(draft.recipients(), settings, errors);
		if (!errors.isEmpty()) {
			return writer.invalid(errors);
		}
		CampaignStatus status = settings.schedule().startAt() != null && settings.schedule().startAt().isAfter(now)
				? CampaignStatus.SCHEDULED : CampaignStatus.RUNNING;
		Campaign campaign = new Campaign(CampaignId.random(), tenant, settings.name(), status, null,
				settings.schedule(), settings.retry(), settings.rateLimit(), settings.call(), now, valid.size());
		return writer.create(campaign, valid, idempotency, now);
	}

	/** Checks a campaign as {@link #create} would, and plans it, storing nothing. */
	public CampaignPreview.Result preview(CampaignDraft draft) {
		Instant now = clock.instant();
		var errors = writer.rejections();
		var settings = CampaignSettingsValidation.validate(draft, errors);
		List<ValidRecipient> valid = validateAll(draft.recipients(), settings, errors);
		if (settings == null) {
			return new CampaignPreview.Result(null, writer.invalid(errors));
		}
		return new CampaignPreview.Result(CampaignPreview.plan(settings.schedule(), settings.rateLimit(), valid, now),
				errors.isEmpty() ? null : writer.invalid(errors));
	}

	/**
	 * Appends recipients to a campaign, streamed: the rows go to PostgreSQL as they are read,
	 * and the whole append is undone if any row is bad.
	 */
	public IngestResult append(CampaignId id, String tenant, Iterator<RecipientDraft> rows, int maxRows) {
		return writer.append(id, tenant, rows, maxRows, clock.instant());
	}

	private List<ValidRecipient> validateAll(@Nullable List<RecipientDraft> drafts,
			CampaignSettingsValidation.@Nullable Settings settings, List<FieldError> errors) {
		if (drafts == null) {
			errors.add(FieldError.ofCampaign("recipients", "is required (it may be an empty list)"));
			return List.of();
		}
		if (drafts.size() > limits.maxRecipientsPerRequest()) {
			errors.add(FieldError.ofCampaign("recipients", "at most " + limits.maxRecipientsPerRequest()
					+ " per request; append the rest with POST /api/v1/campaigns/{id}/recipients"));
			return List.of();
		}
		var zone = settings == null ? null : settings.schedule().defaultTimeZone();
		Map<String, Integer> firstIndexOfNumber = new HashMap<>(drafts.size() * 2);
		List<ValidRecipient> valid = new java.util.ArrayList<>(drafts.size());
		for (int index = 0; index < drafts.size(); index++) {
			RecipientDraft draft = drafts.get(index);
			if (draft == null) {
				errors.add(FieldError.ofRecipient(index, "recipient", "must be an object"));
				continue;
			}
			ValidRecipient recipient = recipients.validate(index, draft, zone, errors);
			if (recipient == null) {
				continue;
			}
			Integer first = firstIndexOfNumber.putIfAbsent(recipient.phoneNumber(), index);
			if (first != null) {
				errors.add(FieldError.ofRecipient(index, "phoneNumber",
						"duplicates recipient " + first + ": a number is called once per campaign"));
				continue;
			}
			valid.add(recipient);
		}
		return valid;
	}

}
