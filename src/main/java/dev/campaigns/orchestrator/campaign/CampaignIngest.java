package dev.campaigns.orchestrator.campaign;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import dev.campaigns.orchestrator.campaign.internal.CampaignSettingsValidation;
import dev.campaigns.orchestrator.campaign.internal.CampaignStore;
import dev.campaigns.orchestrator.campaign.internal.IngestWriter;
import dev.campaigns.orchestrator.campaign.internal.RecipientPlan;
import dev.campaigns.orchestrator.campaign.internal.RecipientRules;
import dev.campaigns.orchestrator.campaign.internal.RecipientUpload;
import dev.campaigns.orchestrator.campaign.internal.RecipientValidation;
import dev.campaigns.orchestrator.campaign.internal.ValidRecipient;
import dev.campaigns.orchestrator.schedule.CallingWindow;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Taking campaigns and recipients in: everything is validated, then stored in one
 * transaction or not at all. Rejections are values ({@link IngestResult.Invalid}), listing
 * every bad field of every bad recipient.
 */
@Service
public class CampaignIngest {

	/** Recipients validated in parallel at a time: large enough to keep both cores busy. */
	private static final int VALIDATION_CHUNK = 4096;

	private final RecipientValidation recipients;

	private final IngestWriter writer;

	private final CampaignStore campaigns;

	private final IngestLimits limits;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	CampaignIngest(RecipientValidation recipients, IngestWriter writer, CampaignStore campaigns, IngestLimits limits,
			Clock clock, ApplicationEventPublisher events) {
		this.recipients = recipients;
		this.writer = writer;
		this.campaigns = campaigns;
		this.limits = limits;
		this.clock = clock;
		this.events = events;
	}

	/** An {@code Idempotency-Key} and the hash of the request body it came with. */
	public record Idempotency(String key, String requestHash) {
	}

	/**
	 * How an append treats rows that are recipients already, and its {@code Idempotency-Key}, if
	 * any, with the hash of the request: asked for once every row is read (a streamed body's
	 * hash is known only then).
	 */
	public record AppendOptions(OnDuplicate onDuplicate, @Nullable String idempotencyKey,
			Supplier<String> requestHash) {

		/** Rows that are recipients already are refused; no key. */
		public static final AppendOptions REJECT = new AppendOptions(OnDuplicate.REJECT, null, () -> "");

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
		List<RecipientDraft> drafts = recipientsOf(draft, errors);
		if (settings == null || !errors.isEmpty()) {
			validateAll(drafts, settings, errors, recipient -> {
			});
			return writer.invalid(errors);
		}
		CampaignStatus status = settings.schedule().startAt() != null && settings.schedule().startAt().isAfter(now)
				? CampaignStatus.SCHEDULED : CampaignStatus.RUNNING;
		Campaign campaign = new Campaign(CampaignId.random(), tenant, settings.name(), status, null,
				settings.schedule(), settings.retry(), settings.rateLimit(), settings.priority(), settings.call(), now,
				drafts.size());
		// validation feeds the COPY as it goes, so PostgreSQL stores while Java validates; any
		// error rolls the whole transaction back
		return stored(campaign.id(),
				writer.create(campaign, sink -> validateAll(drafts, settings, errors, sink), errors, idempotency, now));
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
	 * Appends recipients to a campaign, all of them or none. The rows are read, validated and
	 * staged as they stream in, with no lock taken and no connection held but for each staged
	 * chunk's copy; only once the whole body is read and valid are they attached, in one short
	 * transaction ({@link IngestWriter#attach}). At most {@code maxRows}: the row after them is
	 * the last one read.
	 */
	public IngestResult append(CampaignId id, String tenant, Iterator<RecipientDraft> rows, int maxRows) {
		return append(id, tenant, rows, maxRows, AppendOptions.REJECT);
	}

	/**
	 * Appends as {@link #append(CampaignId, String, Iterator, int)} does, rows that are
	 * recipients already treated as {@code options} says. With a key seen before, the answer is
	 * that of the first request ({@link IngestResult.Replayed}), or {@link IngestResult.KeyReused}
	 * when the request differs.
	 */
	public IngestResult append(CampaignId id, String tenant, Iterator<RecipientDraft> rows, int maxRows,
			AppendOptions options) {
		Campaign campaign = campaigns.find(id, tenant).orElse(null);
		if (campaign == null) {
			return new IngestResult.NotFound();
		}
		if (campaign.status().isFinal()) {
			return new IngestResult.Closed(campaign.status());
		}
		Instant now = clock.instant();
		List<FieldError> errors = writer.rejections();
		try (RecipientUpload upload = writer.upload(now)) {
			stage(campaign, rows, maxRows, upload, errors, now);
			Idempotency idempotency = options.idempotencyKey() == null ? null
					: new Idempotency(options.idempotencyKey(), options.requestHash().get());
			return stored(id, writer.attach(campaign, upload, errors, options.onDuplicate(), idempotency,
					clock.instant()));
		}
	}

	/**
	 * Validates the rows a chunk at a time and stages the valid ones, in order, planned on the
	 * campaign's schedule. Numbers given twice are found by the attach, in SQL, so that memory
	 * does not grow with the upload.
	 */
	private void stage(Campaign campaign, Iterator<RecipientDraft> rows, int maxRows, RecipientUpload upload,
			List<FieldError> errors, Instant now) {
		RecipientPlan plan = RecipientPlan.of(campaign, now);
		RecipientRules rules = new RecipientRules(campaign.schedule().defaultTimeZone(),
				campaign.schedule().callingWindow(), now);
		Consumer<ValidRecipient> staged = recipient -> upload.add(recipient, plan.deadline(recipient),
				plan.firstAttempt(recipient));
		List<RecipientDraft> chunk = new ArrayList<>(VALIDATION_CHUNK);
		int read = 0;
		while (rows.hasNext()) {
			if (read == maxRows) {
				errors.add(FieldError.ofCampaign("recipients", "at most " + maxRows + " per request"));
				return;
			}
			chunk.add(rows.next());
			if (++read % VALIDATION_CHUNK == 0) {
				stage(check(chunk, read - chunk.size(), rules), errors, staged);
				chunk.clear();
			}
		}
		stage(check(chunk, read - chunk.size(), rules), errors, staged);
	}

	private static void stage(List<Checked> checked, List<FieldError> errors, Consumer<ValidRecipient> staged) {
		for (Checked one : checked) {
			one.errors().forEach(errors::add);
			if (one.recipient() != null) {
				staged.accept(one.recipient());
			}
		}
	}

	/** Recipients stored or re-planned (committed) may be due now: the dispatcher is told. */
	private IngestResult stored(CampaignId id, IngestResult result) {
		if (result instanceof IngestResult.Stored stored && stored.added() + stored.updated() > 0) {
			events.publishEvent(new RecipientsDue(id));
		}
		return result;
	}

	private List<RecipientDraft> recipientsOf(CampaignDraft draft, List<FieldError> errors) {
		if (draft.recipients() == null) {
			errors.add(FieldError.ofCampaign("recipients", "is required (it may be an empty list)"));
			return List.of();
		}
		if (draft.recipients().size() > limits.maxRecipientsPerRequest()) {
			errors.add(FieldError.ofCampaign("recipients", "at most " + limits.maxRecipientsPerRequest()
					+ " per request; append the rest with POST /api/v1/campaigns/{id}/recipients"));
			return List.of();
		}
		return draft.recipients();
	}

	private List<ValidRecipient> validateAll(@Nullable List<RecipientDraft> drafts,
			CampaignSettingsValidation.@Nullable Settings settings, List<FieldError> errors) {
		List<RecipientDraft> checked = recipientsOf(
				new CampaignDraft(null, null, null, null, null, null, drafts), errors);
		List<ValidRecipient> valid = new ArrayList<>(checked.size());
		validateAll(checked, settings, errors, valid::add);
		return valid;
	}

	/**
	 * Validates in order, handing each valid recipient to {@code sink} whose number and externalId
	 * no earlier one has.
	 * Chunks are validated on all cores (libphonenumber is the cost of ingest); the sink sees
	 * them in input order, one chunk while the next is validated.
	 */
	private void validateAll(List<RecipientDraft> drafts, CampaignSettingsValidation.@Nullable Settings settings,
			List<FieldError> errors, Consumer<ValidRecipient> sink) {
		RecipientRules rules = new RecipientRules(settings == null ? null : settings.schedule().defaultTimeZone(),
				settings == null ? CallingWindow.DEFAULT : settings.schedule().callingWindow(), clock.instant());
		Map<String, Integer> firstIndexOfNumber = new HashMap<>(drafts.size() * 2);
		Map<String, Integer> firstIndexOfExternalId = new HashMap<>();
		for (int from = 0; from < drafts.size(); from += VALIDATION_CHUNK) {
			List<RecipientDraft> chunk = drafts.subList(from, Math.min(drafts.size(), from + VALIDATION_CHUNK));
			for (Checked one : check(chunk, from, rules)) {
				one.errors().forEach(errors::add);
				ValidRecipient recipient = one.recipient();
				if (recipient == null) {
					continue;
				}
				Integer first = firstIndexOfNumber.putIfAbsent(recipient.phoneNumber(), recipient.index());
				if (first != null) {
					errors.add(FieldError.ofRecipient(recipient.index(), "phoneNumber",
							"duplicates recipient " + first + ": a number is called once per campaign"));
				}
				Integer firstOfId = recipient.externalId() == null ? null
						: firstIndexOfExternalId.putIfAbsent(recipient.externalId(), recipient.index());
				if (firstOfId != null) {
					errors.add(FieldError.ofRecipient(recipient.index(), "externalId", "duplicates recipient "
							+ firstOfId + ": an externalId names one recipient of a campaign"));
				}
				if (first == null && firstOfId == null) {
					sink.accept(recipient);
				}
			}
		}
	}

	/** Validates one chunk on all cores, its first draft being recipient {@code offset}; in input order. */
	private List<Checked> check(List<RecipientDraft> chunk, int offset, RecipientRules rules) {
		return IntStream.range(0, chunk.size())
			.parallel()
			.mapToObj(i -> check(offset + i, chunk.get(i), rules))
			.toList();
	}

	private record Checked(@Nullable ValidRecipient recipient, List<FieldError> errors) {
	}

	private Checked check(int index, @Nullable RecipientDraft draft, RecipientRules rules) {
		List<FieldError> found = new ArrayList<>(0);
		if (draft == null) {
			found.add(FieldError.ofRecipient(index, "recipient", "must be an object"));
			return new Checked(null, found);
		}
		return new Checked(recipients.validate(index, draft, rules, found), found);
	}

}
