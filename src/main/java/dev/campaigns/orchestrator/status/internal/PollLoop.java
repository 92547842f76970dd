package dev.campaigns.orchestrator.status.internal;

import java.time.Clock;

import dev.campaigns.orchestrator.RoundLoop;
import dev.campaigns.orchestrator.status.PollSettings;
import dev.campaigns.orchestrator.status.StatusPoller;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * Polling rounds on their own thread; the answers are recorded on the request threads. In
 * shutdown it stops after the dispatcher (a polled call's outcome may schedule a retry),
 * finishes the round in flight and waits, within its lease, for the answers in flight.
 */
@Component
@ConditionalOnBooleanProperty(name = "orchestrator.status.enabled", matchIfMissing = true)
class PollLoop extends RoundLoop {

	private final StatusPoller poller;

	private final PollSettings settings;

	PollLoop(StatusPoller poller, PollSettings settings, Clock clock) {
		super("status-poll-loop", settings.interval(), settings.lease(), Integer.MAX_VALUE - 2049, clock,
				poller::pollNext);
		this.poller = poller;
		this.settings = settings;
	}

	@Override
	protected void afterLastRound() {
		poller.awaitInFlight(settings.lease());
	}

}
