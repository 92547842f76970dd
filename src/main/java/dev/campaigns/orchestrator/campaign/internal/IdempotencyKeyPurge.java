package dev.campaigns.orchestrator.campaign.internal;

import java.time.Clock;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Forgets {@code Idempotency-Key}s past their retention (at least 24 h by default), hourly. */
@Component
class IdempotencyKeyPurge {

	private final IdempotencyKeys keys;

	private final Clock clock;

	IdempotencyKeyPurge(IdempotencyKeys keys, Clock clock) {
		this.keys = keys;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${orchestrator.campaign.idempotency-purge-interval:PT1H}", initialDelayString = "PT1M")
	void purge() {
		keys.forgetExpired(clock.instant());
	}

}
