package dev.campaigns.orchestrator.dispatch.internal;

import java.time.Clock;

import dev.campaigns.orchestrator.RoundLoop;
import dev.campaigns.orchestrator.dispatch.DispatchSettings;
import dev.campaigns.orchestrator.dispatch.Dispatcher;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.stereotype.Component;

/**
 * Dispatch rounds on their own thread, each pausing as long as its round says (until a bucket
 * refills, until trigger slots free up, or the idle interval). Stops first in shutdown, before
 * the web server's graceful drain (which waits up to a phase's timeout for requests in
 * flight): no claim after the signal, and the triggers in flight are answered and recorded
 * within a lease.
 */
@Component
@ConditionalOnBooleanProperty(name = "orchestrator.dispatch.enabled", matchIfMissing = true)
class DispatchLoop extends RoundLoop {

	private final Dispatcher dispatcher;

	private final DispatchSettings settings;

	DispatchLoop(Dispatcher dispatcher, DispatchSettings settings, Clock clock) {
		super("dispatch-loop", settings.interval(), settings.lease(),
				WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1, clock,
				now -> dispatcher.dispatchNext(now).pause());
		this.dispatcher = dispatcher;
		this.settings = settings;
	}

	@Override
	protected void afterLastRound() {
		dispatcher.awaitInFlight(settings.lease().minus(settings.leaseMargin()));
	}

}
