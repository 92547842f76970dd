package dev.campaigns.orchestrator.notify;

import java.util.List;
import java.util.Map;

/**
 * Events for webhook subscribers, recorded in the {@code outbox} table in the caller's
 * transaction, so an event exists exactly when the state change that caused it was
 * committed. Recording is one insert; delivery happens later, on its own thread, and never
 * holds up the caller.
 *
 * <p>A module may also insert into {@code outbox (tenant, event_type, payload, created_at)}
 * from its own SQL (for instance a CTE over an {@code UPDATE ... RETURNING}), to record the
 * change and its event in one statement; the payload is then the event's {@code data}.
 */
public interface Outbox {

	/**
	 * A recipient is done and its outcome final: after its calls, or without one (suppressed,
	 * expired, rejected by the provider, unknowable, cancelled) once the campaign ran.
	 */
	String RECIPIENT_COMPLETED = "recipient.completed";

	/** A campaign was completed: every recipient is finished. */
	String CAMPAIGN_COMPLETED = "campaign.completed";

	/**
	 * A campaign started running: created without a later start, or its scheduled start came
	 * (a resume after a pause is not a start).
	 */
	String CAMPAIGN_STARTED = "campaign.started";

	/**
	 * A campaign was paused, by a key (with who) or by the service itself (with the reason, e.g.
	 * credentials the provider rejected): someone must look.
	 */
	String CAMPAIGN_PAUSED = "campaign.paused";

	/** A call ended with its final status (every attempt the poller ends), with what the agent detected by then. */
	String CALL_ENDED = "call.ended";

	/** A recipient's next attempt was planned after its call: when, and why. */
	String RECIPIENT_RETRY_SCHEDULED = "recipient.retry_scheduled";

	/** Every event type a webhook may subscribe to. */
	List<String> EVENT_TYPES = List.of(RECIPIENT_COMPLETED, CAMPAIGN_COMPLETED, CAMPAIGN_STARTED, CAMPAIGN_PAUSED,
			CALL_ENDED, RECIPIENT_RETRY_SCHEDULED);

	/**
	 * The SQL that records a {@code campaign.started} event for every campaign id the common
	 * table expression {@code started} returns (column {@code id}); binds {@code :now}.
	 */
	static String campaignStartedFrom(String started) {
		return """
				insert into outbox (tenant, event_type, payload, created_at)
				select c.tenant, '%s', jsonb_build_object('campaignId', c.id, 'name', c.name,
				           'startedAt', to_char(cast(:now as timestamptz) at time zone 'UTC',
				                                'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')),
				       :now
				from %s s join campaign c on c.id = s.id
				""".formatted(CAMPAIGN_STARTED, started);
	}

	/**
	 * Records an event of {@code tenant} in the current transaction, if there is one (else
	 * on its own). The payload becomes the delivered body's {@code data}; it must be
	 * serialisable to JSON and must not carry personal data in clear (mask phone numbers).
	 *
	 * @throws IllegalArgumentException for an event type outside {@link #EVENT_TYPES}
	 */
	void record(String tenant, String eventType, Map<String, ?> payload);

	/**
	 * The recipient columns that {@link #recipientCompletedFrom} reads: the common table
	 * expression it is given must return them (e.g. {@code returning %s}, formatted with this).
	 */
	String RECIPIENT_COMPLETED_COLUMNS = "id, campaign_id, phone_number, external_id, outcome, outcome_reason,"
			+ " attempts, last_call_sid";

	/**
	 * The SQL that records a {@code recipient.completed} event for every row of the common
	 * table expression {@code recipients}, for a module that records the change and its event in
	 * one statement. The expression must return the {@link #RECIPIENT_COMPLETED_COLUMNS}; the
	 * statement binds {@code :now} (a timestamp). The number leaves the service masked; the
	 * {@code detection} is the one the agent reported of the last attempt, if it reported before
	 * (a {@code call_attempt_by_recipient} lookup).
	 */
	static String recipientCompletedFrom(String recipients) {
		return """
				insert into outbox (tenant, event_type, payload, created_at)
				select c.tenant, '%s', jsonb_build_object(
				           'campaignId', r.campaign_id, 'recipientId', r.id, 'externalId', r.external_id,
				           'phoneNumber', left(r.phone_number, 3) || repeat('*', greatest(length(r.phone_number) - 6, 0))
				                          || right(r.phone_number, 3),
				           'outcome', r.outcome, 'outcomeReason', r.outcome_reason, 'attempts', r.attempts,
				           'lastCallSid', r.last_call_sid,
				           'detection', (select a.detection from call_attempt a where a.recipient_id = r.id
				                         order by a.attempt desc limit 1),
				           'completedAt', to_char(cast(:now as timestamptz) at time zone 'UTC',
				                                  'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')),
				       :now
				from %s r join campaign c on c.id = r.campaign_id
				""".formatted(RECIPIENT_COMPLETED, recipients);
	}

}
