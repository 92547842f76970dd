package dev.campaigns.orchestrator.status.internal;

import java.time.Clock;

import dev.campaigns.orchestrator.RoundLoop;
import dev.campaigns.orchestrator.status.PollSettings;
import dev.campaigns.orchestrator.status.StatusPoller;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * Polling rounds on their own thread. In shutdown it stops after the dispatcher (a polled
 * call's outcome may schedule a retry) and finishes the round in flight.
 */
@Component
@ConditionalOnBooleanProperty(name = "orchestrator.status.enabled", matchIfMissing = true)
class PollLoop extends RoundLoop {

	PollLoop(StatusPoller poller, PollSettings settings, Clock clock) {
		super("status-poll-loop", now -> poller.pollDue(now).didWork(), settings.interval(), settings.lease(),
				Integer.MAX_VALUE - 2049, clock);
	}

}
