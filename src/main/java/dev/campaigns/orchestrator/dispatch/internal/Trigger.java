package dev.campaigns.orchestrator.dispatch.internal;

import java.time.Instant;
import java.util.UUID;

import dev.campaigns.orchestrator.dispatch.internal.ClaimStore.Claimed;
import dev.campaigns.orchestrator.connection.Line;
import dev.campaigns.orchestrator.provider.CallRequest;
import dev.campaigns.orchestrator.provider.TriggerResult;
import dev.campaigns.orchestrator.ratelimit.Pace;
import org.jspecify.annotations.Nullable;

/**
 * A claimed, callable recipient on its way to the provider: its campaign, its request, the
 * send instant its budgets granted ({@code slot}), the most it may leave after it
 * ({@code latest}), the end of its lease, when the round that claimed it started reading
 * ({@code readAt}: the recipient was not cancelled then), and the connection it goes through
 * ({@code line}) with that connection's budget ({@code budget}: a 429 throttles it).
 */
record Trigger(Claimed recipient, UUID campaign, String tenant, CallRequest request, Instant slot, Instant latest,
		Instant leaseUntil, Instant readAt, Line line, Pace budget) {

	/** Why a trigger handed to the sender was not sent: certainly no call was placed. */
	enum Unsent {

		/** The lease had too little time left to send safely. */
		LEASE_TOO_SHORT,

		/** It could not leave by its latest instant (a stall): sent late it would bunch above the rate. */
		TOO_LATE,

		/** The provider asked for no requests (a 429 to another trigger) until after its slot. */
		THROTTLED,

		/** The replica stopped while it waited for its slot. */
		INTERRUPTED,

		/** Its campaign was paused or cancelled before it could leave. */
		CAMPAIGN_STOPPED,

		/** The recipient was cancelled through the API before it could leave. */
		RECIPIENT_CANCELLED

	}

	/** The trigger and the provider's answer, at {@code at}; no answer when it was not sent, and why. */
	record Answer(Trigger trigger, Instant at, @Nullable TriggerResult result, @Nullable Unsent unsent) {

		static Answer sent(Trigger trigger, Instant at, TriggerResult result) {
			return new Answer(trigger, at, result, null);
		}

		static Answer unsent(Trigger trigger, Instant at, Unsent why) {
			return new Answer(trigger, at, null, why);
		}

	}

}
