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

	/** A recipient was finished after a call: its outcome is final. */
	String RECIPIENT_COMPLETED = "recipient.completed";

	/** A campaign was completed: every recipient is finished. */
	String CAMPAIGN_COMPLETED = "campaign.completed";

	/** Every event type a webhook may subscribe to. */
	List<String> EVENT_TYPES = List.of(RECIPIENT_COMPLETED, CAMPAIGN_COMPLETED);

	/**
	 * Records an event of {@code tenant} in the current transaction, if there is one (else
	 * on its own). The payload becomes the delivered body's {@code data}; it must be
	 * serialisable to JSON and must not carry personal data in clear (mask phone numbers).
	 *
	 * @throws IllegalArgumentException for an event type outside {@link #EVENT_TYPES}
	 */
	void record(String tenant, String eventType, Map<String, ?> payload);

}
