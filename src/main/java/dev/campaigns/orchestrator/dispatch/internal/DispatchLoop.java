package dev.campaigns.orchestrator.dispatch.internal;

import java.time.Clock;

import dev.campaigns.orchestrator.RoundLoop;
import dev.campaigns.orchestrator.dispatch.DispatchSettings;
import dev.campaigns.orchestrator.dispatch.Dispatcher;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * Dispatch rounds on their own thread, each pausing as long as its round says (until the
 * buckets refill, until answers arrive, or the idle interval). Stops first in shutdown: no
 * claim after the signal, and the triggers in flight are answered and recorded within a lease.
 */
@Component
@ConditionalOnBooleanProperty(name = "orchestrator.dispatch.enabled", matchIfMissing = true)
class DispatchLoop extends RoundLoop {

	private final Dispatcher dispatcher;

	private final DispatchSettings settings;

	DispatchLoop(Dispatcher dispatcher, DispatchSettings settings, Clock clock) {
		super("dispatch-loop", settings.interval(), settings.lease(), Integer.MAX_VALUE - 2048, clock,
				now -> dispatcher.dispatchNext(now).pause());
		this.dispatcher = dispatcher;
		this.settings = settings;
	}

	@Override
	protected void afterLastRound() {
		dispatcher.awaitInFlight(settings.lease().minus(settings.leaseMargin()));
	}

}
