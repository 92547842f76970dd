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

import dev.campaigns.orchestrator.campaign.Campaign;
import dev.campaigns.orchestrator.campaign.CampaignId;
import dev.campaigns.orchestrator.campaign.CampaignIngest;
import dev.campaigns.orchestrator.campaign.CampaignView;
import dev.campaigns.orchestrator.campaign.FieldError;
import dev.campaigns.orchestrator.campaign.IngestLimits;
import dev.campaigns.orchestrator.campaign.IngestResult;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The transactions of ingest: a new campaign with its recipients (straight {@code COPY}),
 * and appends (staged by {@code COPY} as the body is read, with no transaction open, then
 * checked for duplicates in SQL and attached in one short transaction). Either all rows land
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

	private final IngestLimits limits;

	private final JsonMapper json;

	/** Copies of staged chunks, each while its upload reads the next ({@link #copier()}). */
	private final ExecutorService copier = copier();

	IngestWriter(TransactionTemplate transactions, DataSource dataSource, JdbcClient jdbc, CampaignStore campaigns,
			IdempotencyKeys idempotencyKeys, IngestLimits limits, JsonMapper json) {
		this.transactions = transactions;
		this.dataSource = dataSource;
		this.jdbc = jdbc;
		this.campaigns = campaigns;
		this.idempotencyKeys = idempotencyKeys;
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
			if (idempotency != null) {
				var held = idempotencyKeys.claim(campaign.tenant(), idempotency.key(), idempotency.requestHash(), now,
						limits.idempotencyKeyRetention());
				if (held instanceof IdempotencyKeys.Held.SameRequest same) {
					return new IngestResult.Replayed(same.status(), same.body());
				}
				if (held instanceof IdempotencyKeys.Held.OtherRequest) {
					return new IngestResult.KeyReused();
				}
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
			CampaignView view = CampaignView.of(campaign, campaigns.counts(campaign.id()));
			if (idempotency != null) {
				idempotencyKeys.answer(campaign.tenant(), idempotency.key(), 201, json.writeValueAsString(view),
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
	 * {@code errors} holds any or the campaign no longer takes recipients, none. One short
	 * transaction: the rows are inserted, and only then is the campaign's row locked, to check
	 * that it still takes recipients and to count them. A completion takes the same lock and
	 * looks for recipients left only once it holds it, so a campaign never completes under an
	 * attach; one that completed first refuses it. Attaches to one campaign take turns (an
	 * advisory lock on its id, which nothing else takes), so their inserts never wait on each
	 * other's rows.
	 */
	public IngestResult attach(Campaign campaign, RecipientUpload upload, List<FieldError> errors, Instant now) {
		upload.finish();
		if (!errors.isEmpty()) {
			duplicates(upload.table(), campaign.id(), errors);
			return invalid(errors);
		}
		IngestResult refused = transactions.execute(tx -> {
			IngestResult why = insertAndLock(campaign, upload, now);
			if (why != null) {
				tx.setRollbackOnly();
			}
			return why;
		});
		if (refused != null) {
			return refused;
		}
		Campaign attached = campaigns.find(campaign.id(), campaign.tenant()).orElseThrow();
		return new IngestResult.Stored(CampaignView.of(attached, campaigns.counts(campaign.id())), upload.rows());
	}

	/** The attach's transaction: why the rows cannot be attached, or null when they are (to commit). */
	private @Nullable IngestResult insertAndLock(Campaign campaign, RecipientUpload upload, Instant now) {
		CampaignId id = campaign.id();
		jdbc.sql("select pg_advisory_xact_lock(:space, :key)")
			.param("space", ATTACH_LOCKS)
			.param("key", id.value().hashCode())
			.query(rs -> {
			});
		suppress(upload.table(), "", id, campaign.tenant());
		// the happy path is one statement; a duplicate shows as fewer rows inserted than staged,
		// and only then, back at the savepoint, are the duplicates looked up by index
		Savepoint beforeInsert = savepoint();
		int added = jdbc.sql("""
				insert into recipient (campaign_id, phone_number, country_code, time_zones, external_id, metadata,
				    not_before, not_after, deadline, state, outcome, attempts, next_attempt_at, first_attempt_at,
				    created_at, updated_at)
				select :id, phone_number, country_code, time_zones, external_id, metadata, not_before, not_after,
				    deadline, state, outcome, 0, next_attempt_at, next_attempt_at, :now, :now
				from %s
				on conflict (campaign_id, phone_number) do nothing
				""".formatted(upload.table()))
			.param("id", id.value())
			.param("now", CampaignStore.timestamp(now))
			.update();
		if (added != upload.rows()) {
			rollbackTo(beforeInsert);
			List<FieldError> errors = rejections();
			duplicates(upload.table(), id, errors);
			return invalid(errors);
		}
		Campaign locked = campaigns.findForUpdate(id, campaign.tenant()).orElse(null);
		if (locked == null) {
			return new IngestResult.NotFound();
		}
		if (locked.status().isFinal()) {
			return new IngestResult.Closed(locked.status());
		}
		campaigns.addRecipients(id, added, now);
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

	/** Numbers twice in the upload, or already in the campaign. */
	private void duplicates(String staged, CampaignId id, List<FieldError> errors) {
		jdbc.sql("""
				select s.idx, d.first from %1$s s
				join (select phone_number, min(idx) as first from %1$s
				      group by phone_number having count(*) > 1) d on d.phone_number = s.phone_number
				where s.idx <> d.first order by s.idx
				""".formatted(staged))
			.query((rs, row) -> FieldError.ofRecipient(rs.getInt("idx"), "phoneNumber", "duplicates recipient "
					+ rs.getInt("first") + ": a number is called once per campaign"))
			.list()
			.forEach(errors::add);
		jdbc.sql("""
				select s.idx from %s s
				where exists (select 1 from recipient r where r.campaign_id = :id and r.phone_number = s.phone_number)
				order by s.idx
				""".formatted(staged))
			.param("id", id.value())
			.query((rs, row) -> FieldError.ofRecipient(rs.getInt("idx"), "phoneNumber",
					"is already a recipient of this campaign"))
			.list()
			.forEach(errors::add);
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
