package dev.campaigns.orchestrator.status.internal;

import java.time.Instant;

import dev.campaigns.orchestrator.provider.CallStatus;
import dev.campaigns.orchestrator.provider.StatusResult;
import dev.campaigns.orchestrator.status.PollPlan;
import org.jspecify.annotations.Nullable;

/**
 * What one status answer means for a call polled at {@code now}. Pure. Whatever the provider
 * answers, a call ends by its retention deadline: a poll at or after it that finds no final
 * status ends the call {@link CallStatus#STATUS_EXPIRED}, keeping the last answer seen, and
 * no poll is planned after it (see {@link PollPlan}). Only a status the dialect documents as
 * live moves the deadline: it shows the provider still has the call, and the provider
 * forgets a call only its retention after the call ends. An undocumented status, an
 * unreadable answer or a throttled one never moves it, however long it lasts.
 */
sealed interface StatusOutcome {

	/** The provider's final status: the call ends with it. */
	record Final(CallStatus status, String rawStatus) implements StatusOutcome {
	}

	/**
	 * No final status by the retention deadline: the call ends {@code STATUS_EXPIRED}, with the
	 * last raw status or read error seen (null keeps the one recorded before).
	 */
	record Expired(Reason reason, @Nullable String rawStatus, @Nullable String error) implements StatusOutcome {
	}

	/** A status that is not final yet: recorded, and polled again at {@code nextPoll}. */
	record Live(CallStatus status, String rawStatus, Instant statusSince, Instant nextPoll,
			Instant retentionDeadline) implements StatusOutcome {
	}

	/** Nothing learnt of the call: polled again at {@code nextPoll}; {@code error} says why, if known. */
	record PollAgain(Instant nextPoll, @Nullable String error) implements StatusOutcome {
	}

	/** Why a call expired, as the {@code reason} tag of {@code orchestrator.status.expired}. */
	enum Reason {

		/** The provider answered 404: it forgot the call before a final status was seen. */
		NOT_FOUND("not-found"),

		/** The status could not be read (another 4xx, 5xx, no status, too large, throttled, no answer in time). */
		UNREADABLE("unreadable"),

		/** The provider answered, but never a final status nor a documented live one. */
		NO_FINAL_STATUS("no-final-status");

		private final String tag;

		Reason(String tag) {
			this.tag = tag;
		}

		String tag() {
			return tag;
		}

	}

	/** What {@code answer} to the poll at {@code now} means for {@code call}. */
	static StatusOutcome of(StatusStore.Due call, StatusResult answer, Instant now, PollPlan plan) {
		Instant deadline = call.retentionDeadline();
		boolean expired = !now.isBefore(deadline);
		if (answer instanceof StatusResult.Observed observed) {
			return observed(call, observed, now, plan);
		}
		if (answer instanceof StatusResult.NotFound) {
			return expired ? new Expired(Reason.NOT_FOUND, null, null)
					: new PollAgain(plan.notVisible(now, deadline), null);
		}
		if (answer instanceof StatusResult.Throttled throttled) {
			String error = "HTTP 429: status requests throttled for " + throttled.retryAfter();
			return expired ? new Expired(Reason.UNREADABLE, null, error)
					: new PollAgain(plan.throttled(now, throttled.retryAfter(), deadline), error);
		}
		String error = answer instanceof StatusResult.ConfigurationRejected rejected ? rejected.reason()
				: ((StatusResult.Unavailable) answer).reason();
		return expired ? new Expired(Reason.UNREADABLE, null, error)
				: new PollAgain(plan.notVisible(now, deadline), error);
	}

	/**
	 * When a status first seen at {@code now} most likely began: halfway since the read before
	 * (or the trigger). Seen at the first poll, an answered call was picked up well before it, so
	 * its expected end is not put a whole poll late.
	 */
	static Instant changedAround(StatusStore.Due call, Instant now) {
		Instant before = (call.lastPolledAt() != null) ? call.lastPolledAt() : call.triggeredAt();
		return before.isBefore(now) ? before.plus(java.time.Duration.between(before, now).dividedBy(2)) : now;
	}

	private static StatusOutcome observed(StatusStore.Due call, StatusResult.Observed observed, Instant now,
			PollPlan plan) {
		CallStatus status = observed.status();
		if (status.isFinal()) {
			return new Final(status, observed.rawStatus());
		}
		boolean documented = status != CallStatus.UNRECOGNISED;
		if (!documented && !now.isBefore(call.retentionDeadline())) {
			return new Expired(Reason.NO_FINAL_STATUS, observed.rawStatus(), null);
		}
		Instant since = observed.rawStatus().equals(call.rawStatus()) && call.statusSince() != null
				? call.statusSince() : changedAround(call, now);
		Instant deadline = documented ? now.plus(plan.retention()) : call.retentionDeadline();
		return new Live(status, observed.rawStatus(), since, plan.next(status, since, now, deadline), deadline);
	}

}
