package dev.campaigns.orchestrator.dispatch.internal;

import java.time.Clock;

import dev.campaigns.orchestrator.RoundLoop;
import dev.campaigns.orchestrator.dispatch.DispatchSettings;
import dev.campaigns.orchestrator.dispatch.Dispatcher;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.stereotype.Component;

/**
 * Dispatch rounds on their own thread. Stops first in shutdown, before the web server's graceful
 * drain (which waits up to a phase's timeout for requests in flight): no claim after the signal,
 * and the round in flight finishes (its triggers answered and recorded) within a lease.
 */
@Component
@ConditionalOnBooleanProperty(name = "orchestrator.dispatch.enabled", matchIfMissing = true)
class DispatchLoop extends RoundLoop {

	DispatchLoop(Dispatcher dispatcher, DispatchSettings settings, Clock clock) {
		super("dispatch-loop", now -> dispatcher.dispatchDue(now).didWork(), settings.interval(), settings.lease(),
				WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1, clock);
	}

}
