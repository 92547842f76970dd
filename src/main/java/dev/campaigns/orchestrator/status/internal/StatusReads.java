package dev.campaigns.orchestrator.status.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;

import dev.campaigns.orchestrator.connection.CallLines;
import dev.campaigns.orchestrator.connection.Line;
import dev.campaigns.orchestrator.connection.UnreadableCredential;
import dev.campaigns.orchestrator.provider.StatusResult;
import dev.campaigns.orchestrator.status.PollPlan;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Status reads per provider connection: due polls are claimed under the status budget of the
 * connection each call was placed on, and read through that connection's line, at the version
 * stored when the call was claimed, so a credential changed by {@code PATCH} is used from the
 * next poll on every replica. One connection's line that cannot be opened costs only its own
 * calls their answers.
 */
class StatusReads {

	private static final Logger log = LoggerFactory.getLogger(StatusReads.class);

	/** How long after a call's retention deadline the poll at the deadline may wait for its answer. */
	static final Duration LAST_ANSWER = Duration.ofSeconds(2);

	private final StatusStore store;

	private final StatusBudgets budgets;

	private final CallLines lines;

	private final PollPlan plan;

	private final Duration lease;

	private final String replica;

	private final MeterRegistry meters;

	StatusReads(StatusStore store, StatusBudgets budgets, CallLines lines, PollPlan plan, Duration lease,
			String replica, MeterRegistry meters) {
		this.store = store;
		this.budgets = budgets;
		this.lines = lines;
		this.plan = plan;
		this.lease = lease;
		this.replica = replica;
		this.meters = meters;
	}

	/**
	 * Claims up to {@code most} due polls, of each connection as many as its status budget
	 * grants: the budgets of the connections with polls due are taken first, then each
	 * connection's share is claimed, and what a connection did not claim goes back to its budget.
	 */
	List<StatusStore.Due> claim(int most, Instant now) {
		Instant firstDue = now.minus(Duration.between(now, plan.first(now)));
		List<StatusStore.Pending> pending = store.pending(now, firstDue);
		if (pending.isEmpty()) {
			return List.of();
		}
		StatusBudgets.Grant grant = budgets.take(pending, most, now);
		List<StatusStore.Due> due = store.claim(grant.shares(), replica, now, now.plus(lease), firstDue);
		budgets.giveBack(grant, due, now);
		return due;
	}

	/**
	 * Reads the status of {@code call}, claimed at {@code now}, through its connection's line. A
	 * line that cannot be opened (its credential unreadable, the connection gone) leaves the call
	 * unreadable this time, as a provider's refusal would: it is polled again, and ends by its
	 * deadline. That is logged once per call and reason: the reason is kept as the call's error.
	 */
	StatusResult read(StatusStore.Due call, Instant now) {
		Line line;
		try {
			line = lines.line(call.connection(), call.connectionVersion());
		}
		catch (UnreadableCredential | NoSuchElementException ex) {
			String reason = "provider connection " + call.connection() + " cannot be used: " + ex.getMessage();
			if (!reason.equals(call.error())) {
				// the call's sid and the connection's id only: no number, no credential
				log.error("The status of call {} cannot be read: {}", call.callSid(), reason);
			}
			meters.counter("orchestrator.status.line.unavailable").increment();
			return new StatusResult.Unavailable(reason);
		}
		return line.calls().status(call.callSid(), answerBy(call, now));
	}

	/** A 429 on {@code call}'s status request: its connection's status budget alone slows down. */
	void throttled(StatusStore.Due call, Duration retryAfter, Instant now) {
		budgets.throttle(call.connection(), retryAfter, now);
	}

	/**
	 * When the exchanges about {@code call}, claimed at {@code now}, must end: a little after its
	 * retention deadline, so that the poll at the deadline still asks once and its answer comes
	 * in time; a call claimed after its deadline (a replica was down, its record failed) gets
	 * that one short look too.
	 */
	static Instant answerBy(StatusStore.Due call, Instant now) {
		Instant deadline = call.retentionDeadline();
		return (now.isAfter(deadline) ? now : deadline).plus(LAST_ANSWER);
	}

}
