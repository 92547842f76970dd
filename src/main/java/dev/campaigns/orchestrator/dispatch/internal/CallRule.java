package dev.campaigns.orchestrator.dispatch.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import dev.campaigns.orchestrator.compliance.CallingHourFloor;
import dev.campaigns.orchestrator.dispatch.internal.ClaimStore.Claimed;
import dev.campaigns.orchestrator.schedule.CallingWindow;
import org.jspecify.annotations.Nullable;

/**
 * One of the checks a claimed recipient passes just before its call (the rules may have
 * changed since it was planned): answers why it may not be called at {@code at}, or null.
 */
@FunctionalInterface
interface CallRule {

	@Nullable Verdict check(Claimed recipient, Instant at, Context context);

	/** What the rules need to know of the recipient's campaign and number. */
	record Context(String tenant, Set<String> suppressed, List<CallingWindow> windows, List<ZoneId> zones,
			List<CallingHourFloor> floors) {
	}

	/** Why a claimed recipient is not called now. */
	sealed interface Verdict {
	}

	/** On the do-not-call list since it was planned: done, never dialled. */
	record Suppressed() implements Verdict {
	}

	/** Not now: due again at {@code nextAt} (null: never, it expires), for the reason given. */
	record Deferred(@Nullable Instant nextAt, String reason, String detail) implements Verdict {
	}

}
