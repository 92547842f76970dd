package dev.campaigns.orchestrator.dispatch.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.campaigns.orchestrator.compliance.CallingHourFloor;
import dev.campaigns.orchestrator.dispatch.internal.ClaimStore.Claimed;
import dev.campaigns.orchestrator.schedule.CallTimes;
import org.jspecify.annotations.Nullable;

/**
 * The checks a claimed recipient passes before its call, in order: the do-not-call list, its
 * attempt cap, its deadline, its calling windows (the campaign's and its region's floors). The
 * first that objects decides; a recipient claimed ahead is checked for its due time.
 */
final class Callability {

	/** The attempts of a number within a tenant since an instant, oldest first (one attempt excepted). */
	@FunctionalInterface
	interface AttemptHistory {

		List<Instant> since(String tenant, String phoneNumber, Instant since, long exceptAttempt);

	}

	private final List<CallRule> rules;

	Callability(@Nullable Integer configuredCap, Duration capWindow, AttemptHistory history) {
		this.rules = List.of(Callability::notSuppressed, underCap(configuredCap, capWindow, history),
				Callability::beforeDeadline, Callability::insideWindows);
	}

	/** The first rule's objection to calling the recipient at {@code at}, or null: call it. */
	CallRule.@Nullable Verdict check(Claimed recipient, Instant at, CallRule.Context context) {
		for (CallRule rule : rules) {
			CallRule.Verdict verdict = rule.check(recipient, at, context);
			if (verdict != null) {
				return verdict;
			}
		}
		return null;
	}

	static CallRule.@Nullable Verdict notSuppressed(Claimed recipient, Instant at, CallRule.Context context) {
		return context.suppressed().contains(recipient.phoneNumber()) ? new CallRule.Suppressed() : null;
	}

	static CallRule.@Nullable Verdict beforeDeadline(Claimed recipient, Instant at, CallRule.Context context) {
		return recipient.deadline() != null && !at.isBefore(recipient.deadline())
				? new CallRule.Deferred(null, "DEADLINE_PASSED", "its deadline passed before it could be called")
				: null;
	}

	static CallRule.@Nullable Verdict insideWindows(Claimed recipient, Instant at, CallRule.Context context) {
		if (CallTimes.isOpen(context.windows(), context.zones(), at)) {
			return null;
		}
		return new CallRule.Deferred(next(recipient, at, context), "WINDOW_CLOSED", "outside its calling window in "
				+ recipient.zones() + " (campaign window or regional calling hours); planned for the next opening");
	}

	/**
	 * The number's cap of calls in the rolling window across the tenant's campaigns (the
	 * configured one, or a regional floor's if lower); costs a query only for capped numbers.
	 */
	static CallRule underCap(@Nullable Integer configuredCap, Duration window, AttemptHistory history) {
		return (recipient, at, context) -> {
			Integer cap = configuredCap;
			for (CallingHourFloor floor : context.floors()) {
				Integer floorCap = floor.maxAttemptsPer24Hours();
				if (floorCap != null && (cap == null || floorCap < cap)) {
					cap = floorCap;
				}
			}
			if (cap == null) {
				return null;
			}
			List<Instant> recent = history.since(context.tenant(), recipient.phoneNumber(), at.minus(window),
					recipient.attemptId());
			if (recent.size() < cap) {
				return null;
			}
			Instant frees = recent.get(recent.size() - cap).plus(window);
			return new CallRule.Deferred(next(recipient, frees, context), "ATTEMPT_CAP",
					"the number reached its cap of calls across the tenant's campaigns until " + frees
							+ "; planned for the next lawful opening after it");
		};
	}

	private static @Nullable Instant next(Claimed recipient, Instant from, CallRule.Context context) {
		return CallTimes.nextEligibleAt(context.windows(), context.zones(), from, recipient.notBefore(),
				recipient.deadline()).orElse(null);
	}

}
