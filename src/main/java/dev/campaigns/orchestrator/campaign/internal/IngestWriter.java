package dev.campaigns.orchestrator.campaign.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

import javax.sql.DataSource;

import dev.campaigns.orchestrator.campaign.Campaign;
import dev.campaigns.orchestrator.campaign.CampaignId;
import dev.campaigns.orchestrator.campaign.CampaignIngest;
import dev.campaigns.orchestrator.campaign.CampaignView;
import dev.campaigns.orchestrator.campaign.FieldError;
import dev.campaigns.orchestrator.campaign.IngestLimits;
import dev.campaigns.orchestrator.campaign.IngestResult;
import dev.campaigns.orchestrator.campaign.RecipientDraft;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The transactions of ingest: a new campaign with its recipients (straight {@code COPY}),
 * and appends (staged by {@code COPY}, checked for duplicates in SQL, then moved). Either
 * all rows land or none.
 */
@Component
public class IngestWriter {

	private final TransactionTemplate transactions;

	private final DataSource dataSource;

	private final JdbcClient jdbc;

	private final CampaignStore campaigns;

	private final IdempotencyKeys idempotencyKeys;

	private final RecipientValidation validation;

	private final IngestLimits limits;

	private final JsonMapper json;

	IngestWriter(TransactionTemplate transactions, DataSource dataSource, JdbcClient jdbc, CampaignStore campaigns,
			IdempotencyKeys idempotencyKeys, RecipientValidation validation, IngestLimits limits, JsonMapper json) {
		this.transactions = transactions;
		this.dataSource = dataSource;
		this.jdbc = jdbc;
		this.campaigns = campaigns;
		this.idempotencyKeys = idempotencyKeys;
		this.validation = validation;
		this.limits = limits;
		this.json = json;
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

	public IngestResult append(CampaignId id, String tenant, Iterator<RecipientDraft> rows, int maxRows, Instant now) {
		return transactions.execute(tx -> {
			Campaign campaign = campaigns.findForUpdate(id, tenant).orElse(null);
			if (campaign == null) {
				return new IngestResult.NotFound();
			}
			if (campaign.status().isFinal()) {
				return new IngestResult.Closed(campaign.status());
			}
			List<FieldError> errors = rejections();
			RecipientPlan plan = RecipientPlan.of(campaign, now);
			RecipientRules rules = new RecipientRules(campaign.schedule().defaultTimeZone(),
					campaign.schedule().callingWindow(), now);
			int read = 0;
			try (RecipientCopy staging = RecipientCopy.intoStaging(connection(), json)) {
				while (rows.hasNext()) {
					if (read == maxRows) {
						errors.add(FieldError.ofCampaign("recipients", "at most " + maxRows + " per request"));
						break;
					}
					RecipientDraft draft = rows.next();
					ValidRecipient recipient = validation.validate(read, draft, rules, errors);
					if (recipient != null) {
						staging.add(recipient, plan.deadline(recipient), plan.firstAttempt(recipient));
					}
					read++;
				}
			}
			catch (SQLException ex) {
				throw new IllegalStateException("cannot stage recipients", ex);
			}
			if (!errors.isEmpty()) {
				duplicates(id, errors);
				tx.setRollbackOnly();
				return invalid(errors);
			}
			suppress("ingest_recipient", "", id, tenant);
			// the happy path is one statement; a duplicate shows as fewer rows inserted than staged,
			// and only then, back at the savepoint, are the duplicates looked up by index
			Savepoint beforeInsert = savepoint();
			int added = jdbc.sql("""
					insert into recipient (campaign_id, phone_number, country_code, time_zones, external_id, metadata,
					    not_before, not_after, deadline, state, outcome, attempts, next_attempt_at, first_attempt_at,
					    created_at, updated_at)
					select :id, phone_number, country_code, time_zones, external_id, metadata, not_before, not_after,
					    deadline, state, outcome, 0, next_attempt_at, next_attempt_at, :now, :now
					from ingest_recipient
					on conflict (campaign_id, phone_number) do nothing
					""")
				.param("id", id.value())
				.param("now", CampaignStore.timestamp(now))
				.update();
			if (added != read) {
				rollbackTo(beforeInsert);
				duplicates(id, errors);
				tx.setRollbackOnly();
				return invalid(errors);
			}
			campaigns.addRecipients(id, added, now);
			Campaign updated = campaigns.find(id, tenant).orElseThrow();
			return new IngestResult.Stored(CampaignView.of(updated, campaigns.counts(id)), added);
		});
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
	private void duplicates(CampaignId id, List<FieldError> errors) {
		jdbc.sql("""
				select s.idx, d.first from ingest_recipient s
				join (select phone_number, min(idx) as first from ingest_recipient
				      group by phone_number having count(*) > 1) d on d.phone_number = s.phone_number
				where s.idx <> d.first order by s.idx
				""")
			.query((rs, row) -> FieldError.ofRecipient(rs.getInt("idx"), "phoneNumber", "duplicates recipient "
					+ rs.getInt("first") + ": a number is called once per campaign"))
			.list()
			.forEach(errors::add);
		jdbc.sql("""
				select s.idx from ingest_recipient s
				where exists (select 1 from recipient r where r.campaign_id = :id and r.phone_number = s.phone_number
				)
				order by s.idx
				""")
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
