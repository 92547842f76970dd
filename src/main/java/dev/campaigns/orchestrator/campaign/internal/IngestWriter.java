package dev.campaigns.orchestrator.campaign.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import javax.sql.DataSource;

import dev.campaigns.orchestrator.campaign.Appended;
import dev.campaigns.orchestrator.campaign.Campaign;
import dev.campaigns.orchestrator.campaign.CampaignId;
import dev.campaigns.orchestrator.campaign.CampaignIngest;
import dev.campaigns.orchestrator.campaign.CampaignView;
import dev.campaigns.orchestrator.campaign.FieldError;
import dev.campaigns.orchestrator.campaign.IngestLimits;
import dev.campaigns.orchestrator.campaign.IngestResult;
import dev.campaigns.orchestrator.campaign.OnDuplicate;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The transactions of ingest: a new campaign with its recipients (straight {@code COPY}),
 * and appends (staged by {@code COPY} as the body is read, with no transaction open, then
 * checked for duplicates in SQL ({@link StagedDuplicates}) and attached in one short transaction). Either all rows land
 * or none.
 */
@Component
public class IngestWriter {

	/** The first key of the advisory locks that make attaches to one campaign take turns. */
	private static final int ATTACH_LOCKS = 0x41545443;

	private final TransactionTemplate transactions;

	private final DataSource dataSource;

	private final JdbcClient jdbc;

	private final CampaignStore campaigns;

	private final IdempotencyKeys idempotencyKeys;

	private final StagedDuplicates duplicates;

	private final IngestLimits limits;

	private final JsonMapper json;

	/** Copies of staged chunks, each while its upload reads the next ({@link #copier()}). */
	private final ExecutorService copier = copier();

	IngestWriter(TransactionTemplate transactions, DataSource dataSource, JdbcClient jdbc, CampaignStore campaigns,
			IdempotencyKeys idempotencyKeys, StagedDuplicates duplicates, IngestLimits limits, JsonMapper json) {
		this.transactions = transactions;
		this.dataSource = dataSource;
		this.jdbc = jdbc;
		this.campaigns = campaigns;
		this.idempotencyKeys = idempotencyKeys;
		this.duplicates = duplicates;
		this.limits = limits;
		this.json = json;
	}

	/**
	 * A thread per upload with a chunk being copied, gone when idle: uploads are few, and a copy
	 * waits on PostgreSQL, not on a core.
	 */
	private static ExecutorService copier() {
		AtomicInteger number = new AtomicInteger();
		return Executors.newCachedThreadPool(task -> {
			Thread thread = new Thread(task, "ingest-copy-" + number.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	public List<FieldError> rejections() {
		return new Rejections(limits.maxReportedErrors());
	}

	public IngestResult.Invalid invalid(List<FieldError> errors) {
		return errors instanceof Rejections bounded ? new IngestResult.Invalid(bounded.listed(), bounded.total())
				: new IngestResult.Invalid(List.copyOf(errors), errors.size());
	}

	/**
	 * Stores a new campaign and streams its recipients into PostgreSQL as {@code feeder}
	 * validates them; if {@code errors} is not empty afterwards, nothing is stored.
	 */
	public IngestResult create(Campaign campaign, Consumer<Consumer<ValidRecipient>> feeder, List<FieldError> errors,
			CampaignIngest.@Nullable Idempotency idempotency, Instant now) {
		return transactions.execute(tx -> {
			IngestResult held = claim(campaign.tenant(), IdempotencyKeys.Scope.CREATE, idempotency, now);
			if (held != null) {
				return held;
			}
			String refused = campaigns.connectionRefusal(campaign.tenant(), campaign.call().connection());
			if (refused != null) {
				errors.add(FieldError.ofCampaign("call.connection", refused));
				tx.setRollbackOnly();
				return invalid(errors);
			}
			campaigns.insert(campaign);
			RecipientPlan plan = RecipientPlan.of(campaign, now);
			try (RecipientCopy copy = RecipientCopy.intoRecipients(connection(), json, campaign.id().value(), now)) {
				feeder.accept(recipient -> {
					if (errors.isEmpty()) {
						copy.add(recipient, plan.deadline(recipient), plan.firstAttempt(recipient));
					}
				});
			}
			catch (SQLException ex) {
				throw new IllegalStateException("cannot copy recipients", ex);
			}
			if (!errors.isEmpty()) {
				tx.setRollbackOnly();
				return invalid(errors);
			}
			suppress("recipient", "campaign_id = :campaign and", campaign.id(), campaign.tenant());
			CampaignView view = campaigns.view(campaign);
			if (idempotency != null) {
				idempotencyKeys.answer(campaign.tenant(), IdempotencyKeys.Scope.CREATE, idempotency.key(), 201, json.writeValueAsString(view),
						campaign.id().value());
			}
			return new IngestResult.Stored(view, campaign.recipientCount());
		});
	}

	/** A new, empty staging table for one append's recipients. */
	public RecipientUpload upload(Instant startedAt) {
		return new RecipientUpload(dataSource, copier, json, startedAt);
	}

	/**
	 * Attaches an append's staged recipients to their campaign, all of them or, when
	 * {@code errors} holds any, a row is refused by {@code onDuplicate}, or the campaign no
	 * longer takes recipients, none. One short transaction: the rows are inserted (and, with
	 * {@link OnDuplicate#UPDATE}, the recipients they are updated), and only then is the
	 * campaign's row locked, to check that it still takes recipients and to count them. A
	 * completion takes the same lock and looks for recipients left only once it holds it, so a
	 * campaign never completes under an attach; one that completed first refuses it. Attaches to
	 * one campaign take turns (an advisory lock on its id, which nothing else takes), so their
	 * inserts never wait on each other's rows, and what they match against the campaign holds
	 * until they commit. A key seen before answers as it did then, whatever the rows.
	 */
	public IngestResult attach(Campaign campaign, RecipientUpload upload, List<FieldError> errors,
			OnDuplicate onDuplicate, CampaignIngest.@Nullable Idempotency idempotency, Instant now) {
		upload.finish();
		if (!errors.isEmpty() && idempotency == null) {
			return rejected(upload.table(), campaign.id(), onDuplicate, errors);
		}
		Attached attached = transactions.execute(tx -> {
			Attached one = attachInTransaction(campaign, upload, errors, onDuplicate, idempotency, now);
			if (one.answer() != null && !(one.answer() instanceof IngestResult.Stored)) {
				tx.setRollbackOnly();
			}
			return one;
		});
		return attached.answer() != null ? attached.answer() : stored(campaign, attached);
	}

	/**
	 * What an attach did: its final {@code answer} when it was refused, replayed or had to be
	 * written down for its key; else null, and the view is read once committed.
	 */
	private record Attached(@Nullable IngestResult answer, int added, int skipped, int updated, int notUpdated) {

		static Attached refused(IngestResult answer) {
			return new Attached(answer, 0, 0, 0, 0);
		}

	}

	private Attached attachInTransaction(Campaign campaign, RecipientUpload upload, List<FieldError> errors,
			OnDuplicate onDuplicate, CampaignIngest.@Nullable Idempotency idempotency, Instant now) {
		CampaignId id = campaign.id();
		jdbc.sql("select pg_advisory_xact_lock(:space, :key)")
			.param("space", ATTACH_LOCKS)
			.param("key", id.value().hashCode())
			.query(rs -> {
			});
		IngestResult held = claim(campaign.tenant(), IdempotencyKeys.Scope.APPEND, idempotency, now);
		if (held != null) {
			return Attached.refused(held);
		}
		if (!errors.isEmpty()) {
			return Attached.refused(rejected(upload.table(), id, onDuplicate, errors));
		}
		suppress(upload.table(), "", id, campaign.tenant());
		Attached attached = onDuplicate == OnDuplicate.REJECT ? insertAll(id, upload, now)
				: insertNew(id, upload, onDuplicate, now);
		if (attached.answer() != null) {
			return attached;
		}
		Campaign locked = campaigns.findForUpdate(id, campaign.tenant()).orElse(null);
		if (locked == null) {
			return Attached.refused(new IngestResult.NotFound());
		}
		if (locked.status().isFinal()) {
			return Attached.refused(new IngestResult.Closed(locked.status()));
		}
		campaigns.addRecipients(id, attached.added(), now);
		if (idempotency == null) {
			return attached;
		}
		IngestResult.Stored stored = stored(campaign, attached);
		idempotencyKeys.answer(campaign.tenant(), IdempotencyKeys.Scope.APPEND, idempotency.key(), 200,
				json.writeValueAsString(Appended.of(stored)), id.value());
		return new Attached(stored, attached.added(), attached.skipped(), attached.updated(), attached.notUpdated());
	}

	/**
	 * {@link OnDuplicate#REJECT}: the happy path is one statement; a duplicate shows as fewer rows
	 * inserted than staged, and only then, back at the savepoint, are the duplicates looked up.
	 */
	private Attached insertAll(CampaignId id, RecipientUpload upload, Instant now) {
		Savepoint beforeInsert = savepoint();
		int added = insert(upload.table(), id, "", "on conflict do nothing", now);
		if (added != upload.rows()) {
			rollbackTo(beforeInsert);
			List<FieldError> errors = rejections();
			duplicates.all(upload.table(), id, errors);
			return Attached.refused(invalid(errors));
		}
		return new Attached(null, added, 0, 0, 0);
	}

	/**
	 * {@link OnDuplicate#SKIP} and {@link OnDuplicate#UPDATE}: rows repeating each other are
	 * refused; each row is matched to the recipient it is, if any; matched rows are skipped or
	 * update their recipient, and the others are inserted. The insert cannot meet a duplicate
	 * (the matches are fixed under the attach's lock), so none is looked for.
	 */
	private Attached insertNew(CampaignId id, RecipientUpload upload, OnDuplicate onDuplicate, Instant now) {
		List<FieldError> errors = rejections();
		duplicates.withinUpload(upload.table(), errors);
		if (!errors.isEmpty()) {
			return Attached.refused(invalid(errors));
		}
		int matched = duplicates.match(upload.table(), id);
		int updated = 0;
		if (onDuplicate == OnDuplicate.UPDATE && matched > 0) {
			duplicates.ambiguous(upload.table(), id, errors);
			if (!errors.isEmpty()) {
				return Attached.refused(invalid(errors));
			}
			updated = duplicates.update(upload.table(), id, now);
		}
		int added = insert(upload.table(), id, "where matched is null", "", now);
		return onDuplicate == OnDuplicate.SKIP ? new Attached(null, added, matched, 0, 0)
				: new Attached(null, added, 0, updated, matched - updated);
	}

	private int insert(String staged, CampaignId id, String where, String onConflict, Instant now) {
		return jdbc.sql("""
				insert into recipient (campaign_id, phone_number, country_code, time_zones, external_id, metadata,
				    not_before, not_after, deadline, state, outcome, attempts, next_attempt_at, first_attempt_at,
				    created_at, updated_at)
				select :id, phone_number, country_code, time_zones, external_id, metadata, not_before, not_after,
				    deadline, state, outcome, 0, next_attempt_at, next_attempt_at, :now, :now
				from %s %s
				%s
				""".formatted(staged, where, onConflict))
			.param("id", id.value())
			.param("now", CampaignStore.timestamp(now))
			.update();
	}

	/** Refused before anything was attached: {@code errors}, with the rows {@code onDuplicate} refuses. */
	private IngestResult rejected(String staged, CampaignId id, OnDuplicate onDuplicate, List<FieldError> errors) {
		if (onDuplicate == OnDuplicate.REJECT) {
			duplicates.all(staged, id, errors);
		}
		else {
			duplicates.withinUpload(staged, errors);
		}
		return invalid(errors);
	}

	private IngestResult.Stored stored(Campaign campaign, Attached attached) {
		Campaign now = campaigns.find(campaign.id(), campaign.tenant()).orElseThrow();
		return new IngestResult.Stored(campaigns.view(now), attached.added(),
				attached.skipped(), attached.updated(), attached.notUpdated());
	}

	/** The answer of a key held already, or null when this request now holds it (or has none). */
	private @Nullable IngestResult claim(String tenant, IdempotencyKeys.Scope scope,
			CampaignIngest.@Nullable Idempotency idempotency, Instant now) {
		if (idempotency == null) {
			return null;
		}
		var held = idempotencyKeys.claim(tenant, scope, idempotency.key(), idempotency.requestHash(), now,
				limits.idempotencyKeyRetention());
		if (held instanceof IdempotencyKeys.Held.SameRequest same) {
			return new IngestResult.Replayed(same.status(), same.body());
		}
		if (held instanceof IdempotencyKeys.Held.OtherRequest) {
			return new IngestResult.KeyReused();
		}
		return null;
	}

	/**
	 * Numbers on the tenant's do-not-call list are stored as done, {@code SUPPRESSED}: never
	 * dialled, and visible in reports (a read of compliance's {@code suppression} table).
	 */
	private void suppress(String table, String scope, CampaignId campaign, String tenant) {
		jdbc.sql("update " + table + " set state = 'DONE', outcome = 'SUPPRESSED', next_attempt_at = null where "
				+ scope + " phone_number in (select phone_number from suppression where tenant = :tenant)")
			.param("campaign", campaign.value())
			.param("tenant", tenant)
			.update();
	}

	private Savepoint savepoint() {
		try {
			return connection().setSavepoint();
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot set a savepoint", ex);
		}
	}

	private void rollbackTo(Savepoint savepoint) {
		try {
			connection().rollback(savepoint);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot roll back to the savepoint", ex);
		}
	}

	/** The transaction's connection: COPY must run inside it. */
	private Connection connection() {
		return DataSourceUtils.getConnection(dataSource);
	}

}
