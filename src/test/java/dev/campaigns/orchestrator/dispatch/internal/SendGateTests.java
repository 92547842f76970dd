package dev.campaigns.orchestrator.dispatch.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.campaigns.orchestrator.campaign.CampaignId;
import dev.campaigns.orchestrator.campaign.RecipientCancelled;
import dev.campaigns.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate's hold on recipients cancelled while claimed, on a fixed clock. Only reads that the
 * claim made recently enough are asked for: the database is never read here.
 */
class SendGateTests {

	static final Instant T0 = Instant.parse("2030-01-07T10:00:00Z");

	static final Duration FRESHNESS = Duration.ofMillis(1);

	final MutableClock clock = new MutableClock(T0);

	final SendGate gate = new SendGate(null, clock, FRESHNESS);

	final CampaignId campaign = new CampaignId(UUID.randomUUID());

	@Test
	void aRecipientCancelledHereIsHeldBackEvenWhenItsClaimWasFresh() {
		gate.recipientCancelled(new RecipientCancelled(campaign, 1L));

		assertThat(gate.open(1L, clock.instant(), clock.instant())).isFalse();
		assertThat(gate.open(2L, clock.instant(), clock.instant())).isTrue();
	}

	@Test
	void theHoldIsDroppedOnceEveryClaimOlderThanTheCancelMustHaveReadTheRecipientAgain() {
		gate.recipientCancelled(new RecipientCancelled(campaign, 1L));
		clock.advance(FRESHNESS.multipliedBy(3));
		gate.recipientCancelled(new RecipientCancelled(campaign, 2L));

		// a claim read after the cancel committed sees it in the database; the id is no longer kept
		assertThat(gate.open(1L, clock.instant(), clock.instant())).isTrue();
		assertThat(gate.open(2L, clock.instant(), clock.instant())).isFalse();
	}

}
