package dev.campaigns.orchestrator.dispatch.internal;

import java.time.Clock;

import dev.campaigns.orchestrator.RoundLoop;
import dev.campaigns.orchestrator.campaign.RecipientsDue;
import dev.campaigns.orchestrator.dispatch.DispatchSettings;
import dev.campaigns.orchestrator.dispatch.Dispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Dispatch rounds on their own thread, each pausing as long as its round says (until the budget has send
 * instants free again, until trigger slots free up, or the idle pause). Starts no round from the moment
 * the context closes (its closed event comes before any lifecycle phase stops, and the phases
 * above this one may take their time), and stops first among the loops, before the web
 * server's graceful drain (which waits up to a phase's timeout for requests in flight): no
 * claim after the signal but the one in flight, and the triggers in flight are answered and
 * recorded within a lease.
 */
@Component
@ConditionalOnBooleanProperty(name = "orchestrator.dispatch.enabled", matchIfMissing = true)
class DispatchLoop extends RoundLoop {

	private static final Logger log = LoggerFactory.getLogger(DispatchLoop.class);

	private final Dispatcher dispatcher;

	private final DispatchSettings settings;

	private final ApplicationContext context;

	DispatchLoop(Dispatcher dispatcher, DispatchSettings settings, Clock clock, ApplicationContext context) {
		super("dispatch-loop", settings.idlePause(), settings.lease(),
				WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1, clock,
				now -> dispatcher.dispatchNext(now).pause());
		this.dispatcher = dispatcher;
		this.settings = settings;
		this.context = context;
	}

	/**
	 * Recipients stored or resumed on this replica may be due now: the loop's next round starts
	 * at once instead of after its pause (up to the idle pause when nothing was due).
	 */
	@EventListener
	void recipientsDue(RecipientsDue event) {
		dispatcher.expectNewWork();
		wake();
	}

	@EventListener
	@Order(Ordered.HIGHEST_PRECEDENCE)
	void contextClosing(ContextClosedEvent event) {
		// a child context (the management server's) closing is not this one's shutdown
		if (event.getApplicationContext() == context) {
			stopStartingRounds();
			log.info("Shutting down: no dispatch round starts from now; the triggers in flight are answered and recorded");
		}
	}

	@Override
	protected void afterLastRound() {
		dispatcher.awaitInFlight(settings.lease().minus(settings.leaseMargin()));
	}

}
