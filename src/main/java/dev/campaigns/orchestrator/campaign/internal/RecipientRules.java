package dev.campaigns.orchestrator.campaign.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.campaigns.orchestrator.compliance.CallingHourFloor;
import dev.campaigns.orchestrator.schedule.CallTimes;
import dev.campaigns.orchestrator.schedule.CallingWindow;
import org.jspecify.annotations.Nullable;

/**
 * What a campaign adds to the recipient rules of one request: its default zone, and its
 * window, which must overlap the legal hours in all of a recipient's zones at some point.
 * Thread-safe; recipients with the same zones and floors are checked once.
 */
public final class RecipientRules {

	private final @Nullable ZoneId defaultZone;

	private final CallingWindow window;

	private final Instant now;

	private final Map<List<Object>, Boolean> everOpen = new ConcurrentHashMap<>();

	public RecipientRules(@Nullable ZoneId defaultZone, CallingWindow window, Instant now) {
		this.defaultZone = defaultZone;
		this.window = window;
		this.now = now;
	}

	@Nullable ZoneId defaultZone() {
		return defaultZone;
	}

	/** Whether the window, narrowed by the floors, ever holds in all the zones at once. */
	boolean everOpen(List<ZoneId> zones, List<CallingHourFloor> floors) {
		return everOpen.computeIfAbsent(List.of(zones, floors),
				key -> CallTimes.nextOpening(RecipientPlan.windows(window, floors), zones, now).isPresent());
	}

}
