package dev.campaigns.orchestrator.dispatch.internal;

import java.time.Clock;
import java.time.Duration;

import dev.campaigns.orchestrator.RoundLoop;
import dev.campaigns.orchestrator.dispatch.DispatchSettings;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.stereotype.Component;

/**
 * Takes over dead replicas' expired leases every tenth of a lease (at least every second),
 * apart from the dispatch rounds: a recipient is taken over within 1.1 leases of its claim.
 */
@Component
@ConditionalOnBooleanProperty(name = "orchestrator.dispatch.enabled", matchIfMissing = true)
class LeaseHousekeepingLoop extends RoundLoop {

	LeaseHousekeepingLoop(LeaseHousekeeping housekeeping, DispatchSettings settings, Clock clock) {
		super("dispatch-lease-housekeeping", cadence(settings), settings.lease(),
				WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1, clock, now -> {
					// a full batch means more may have expired: at once again
					return housekeeping.takeOverExpired(now) >= LeaseHousekeeping.BATCH ? Duration.ZERO
							: cadence(settings);
				});
	}

	private static Duration cadence(DispatchSettings settings) {
		Duration tenth = settings.lease().dividedBy(10);
		return tenth.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : tenth;
	}

}
