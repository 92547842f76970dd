package dev.campaigns.orchestrator.campaign.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import dev.campaigns.orchestrator.campaign.CampaignId;
import dev.campaigns.orchestrator.campaign.FieldError;
import dev.campaigns.orchestrator.notify.Outbox;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * An append's staged rows against each other and against the campaign's recipients: numbers
 * and externalIds given twice, rows that are recipients already, and the updates of
 * {@code onDuplicate=update}. Every check is one statement over the whole staging table
 * (hash joins and aggregates; {@code recipient_number_once_per_campaign} and
 * {@code recipient_external_id_once_per_campaign} on the campaign's side), never a query per
 * row, so a hundred thousand rows cost a few statements.
 */
@Component
class StagedDuplicates {

	/** What the update returns of each recipient: what {@link Outbox#recipientCompletedFrom} reads, as it is now. */
	private static final String RETURNED = Arrays.stream(Outbox.RECIPIENT_COMPLETED_COLUMNS.split(","))
		.map(column -> "r." + column.strip())
		.collect(Collectors.joining(", "));

	private final JdbcClient jdbc;

	StagedDuplicates(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Every reason a row cannot be added as new: it repeats an earlier row, or is a recipient already. */
	void all(String staged, CampaignId id, List<FieldError> errors) {
		withinUpload(staged, errors);
		jdbc.sql("""
				select s.idx, r.id from %s s join recipient r on r.campaign_id = :id and r.phone_number = s.phone_number
				order by s.idx
				""".formatted(staged))
			.param("id", id.value())
			.query((rs, row) -> FieldError.ofRecipient(rs.getInt("idx"), "phoneNumber",
					"is already a recipient of this campaign: recipient " + rs.getLong("id")))
			.list()
			.forEach(errors::add);
		jdbc.sql("""
				select s.idx, r.id from %s s join recipient r on r.campaign_id = :id and r.external_id = s.external_id
				order by s.idx
				""".formatted(staged))
			.param("id", id.value())
			.query((rs, row) -> FieldError.ofRecipient(rs.getInt("idx"), "externalId",
					"is already the externalId of recipient " + rs.getLong("id") + " of this campaign"))
			.list()
			.forEach(errors::add);
	}

	/** Numbers and externalIds given twice in the upload: each later row names the first. */
	void withinUpload(String staged, List<FieldError> errors) {
		repeated(staged, "phone_number", "phoneNumber", "a number is called once per campaign", errors);
		repeated(staged, "external_id", "externalId", "an externalId names one recipient of a campaign", errors);
	}

	private void repeated(String staged, String column, String field, String why, List<FieldError> errors) {
		jdbc.sql("""
				select s.idx, d.first from %1$s s
				join (select %2$s, min(idx) as first from %1$s where %2$s is not null
				      group by %2$s having count(*) > 1) d on d.%2$s = s.%2$s
				where s.idx <> d.first order by s.idx
				""".formatted(staged, column))
			.query((rs, row) -> FieldError.ofRecipient(rs.getInt("idx"), field,
					"duplicates recipient " + rs.getInt("first") + ": " + why))
			.list()
			.forEach(errors::add);
	}

	/**
	 * Notes on each row the recipient it is: the one with its externalId, else the one with its
	 * number. Answers how many rows are recipients already.
	 */
	int match(String staged, CampaignId id) {
		return jdbc.sql("""
				update %1$s s set matched = m.id
				from (select s.idx, coalesce(e.id, p.id) as id from %1$s s
				      left join recipient e on e.campaign_id = :id and e.external_id = s.external_id
				      left join recipient p on p.campaign_id = :id and p.phone_number = s.phone_number) m
				where m.idx = s.idx and m.id is not null
				""".formatted(staged))
			.param("id", id.value())
			.update();
	}

	/**
	 * Rows that cannot update one recipient unambiguously (after {@link #match}): a number that
	 * is another recipient's than the externalId's, a number whose recipient has another
	 * externalId, two rows of one recipient.
	 */
	void ambiguous(String staged, CampaignId id, List<FieldError> errors) {
		jdbc.sql("""
				select s.idx, e.id as by_external_id, p.id as by_number from %s s
				join recipient p on p.campaign_id = :id and p.phone_number = s.phone_number
				left join recipient e on e.campaign_id = :id and e.external_id = s.external_id
				where (e.id is not null and e.id <> p.id)
				   or (e.id is null and s.external_id is not null and p.external_id is not null)
				order by s.idx
				""".formatted(staged))
			.param("id", id.value())
			.query((rs, row) -> {
				long byNumber = rs.getLong("by_number");
				long byExternalId = rs.getLong("by_external_id");
				return FieldError.ofRecipient(rs.getInt("idx"), "externalId", rs.wasNull()
						? "differs from the externalId of recipient " + byNumber + ", whose phoneNumber this is"
						: "is the externalId of recipient " + byExternalId + " but the phoneNumber is recipient "
								+ byNumber + "'s: a row updates one recipient");
			})
			.list()
			.forEach(errors::add);
		jdbc.sql("""
				select s.idx, d.first from %1$s s
				join (select matched, min(idx) as first from %1$s where matched is not null
				      group by matched having count(*) > 1) d on d.matched = s.matched
				where s.idx <> d.first order by s.idx
				""".formatted(staged))
			.query((rs, row) -> FieldError.ofRecipient(rs.getInt("idx"), "recipient",
					"updates the same recipient as recipient " + rs.getInt("first") + ": a row updates one recipient"))
			.list()
			.forEach(errors::add);
	}

	/**
	 * Applies each matched row to its recipient, if that is still pending and not being
	 * cancelled, with its trail entry (and, if the new plan leaves it done, its
	 * {@code recipient.completed}); answers how many were updated. The row was planned as a new
	 * recipient would be; one already called keeps its retry's backoff if that is later.
	 * A recipient claimed meanwhile is {@code DIALING} by the time this statement reaches it,
	 * and is left alone. {@code first_attempt_at} stays: the trail shows the ingest plan, then
	 * this update with its own.
	 */
	int update(String staged, CampaignId id, Instant now) {
		return jdbc.sql("""
				with r as (
				    update recipient r set phone_number = s.phone_number, country_code = s.country_code,
				        time_zones = s.time_zones, external_id = coalesce(r.external_id, s.external_id),
				        metadata = s.metadata, not_before = s.not_before, not_after = s.not_after,
				        deadline = s.deadline, state = s.state, outcome = s.outcome,
				        outcome_reason = case when s.state = 'DONE' then 'updated by an append' end,
				        next_attempt_at = case when r.attempts > 0 and s.next_attempt_at is not null
				            then greatest(s.next_attempt_at, r.next_attempt_at) else s.next_attempt_at end,
				        updated_at = :now
				    from %s s
				    where s.matched = r.id and r.campaign_id = :id and r.state = 'PENDING'
				      and r.cancel_requested_at is null
				    returning %s, r.state, r.next_attempt_at
				), audit as (
				    insert into recipient_event (recipient_id, occurred_at, attempt, decision, reason, detail,
				                                 next_attempt_at)
				    select id, :now, attempts, 'UPDATED', 'APPEND_UPDATE', case
				        when state = 'PENDING' then 'updated by an append: next attempt re-planned'
				        when outcome = 'SUPPRESSED' then 'updated by an append: the number is on the do-not-call list'
				        else 'updated by an append: no lawful opening before its deadline' end, next_attempt_at
				    from r
				), completed as (
				    %s
				    where r.state = 'DONE'
				)
				select count(*) from r
				""".formatted(staged, RETURNED,
					Outbox.recipientCompletedFrom("r")))
			.param("id", id.value())
			.param("now", Timestamp.from(now))
			.query(Integer.class)
			.single();
	}

}
