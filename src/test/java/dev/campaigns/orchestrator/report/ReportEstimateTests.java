package dev.campaigns.orchestrator.report;

import java.time.Instant;
import java.util.UUID;

import dev.campaigns.orchestrator.campaign.CampaignStatus;
import dev.campaigns.orchestrator.campaign.RecipientState;
import dev.campaigns.orchestrator.report.internal.ReportStore.CampaignRow;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportEstimateTests {

	static final Instant NOW = Instant.parse("2030-01-07T09:30:00Z");

	@Test
	void estimatesPendingRecipientsAtTheCampaignsOwnPace() {
		CampaignRow running = campaign(CampaignStatus.RUNNING, null);
		assertThat(CampaignReports.estimate(running, 120, NOW).at()).isEqualTo(NOW.plusSeconds(120));
		assertThat(CampaignReports.estimate(running, 61, NOW).at()).isEqualTo(NOW.plusSeconds(61));
	}

	@Test
	void startsTheEstimateAtAFutureStart() {
		Instant start = NOW.plusSeconds(3600);
		assertThat(CampaignReports.estimate(campaign(CampaignStatus.SCHEDULED, start), 60, NOW).at())
			.isEqualTo(start.plusSeconds(60));
	}

	@Test
	void hasNoEstimateWhenNothingIsPendingOrTheCampaignIsNotMoving() {
		assertThat(CampaignReports.estimate(campaign(CampaignStatus.RUNNING, null), 0, NOW)).isNull();
		assertThat(CampaignReports.estimate(campaign(CampaignStatus.PAUSED, null), 10, NOW)).isNull();
		assertThat(CampaignReports.estimate(campaign(CampaignStatus.COMPLETED, null), 10, NOW)).isNull();
	}

	@Test
	void countsOnlyEndedAttemptsAsReached() {
		assertThat(CampaignReports.finishedAttempts(RecipientState.PENDING, 0)).isZero();
		assertThat(CampaignReports.finishedAttempts(RecipientState.DIALING, 1)).isZero();
		assertThat(CampaignReports.finishedAttempts(RecipientState.IN_CALL, 2)).isEqualTo(1);
		assertThat(CampaignReports.finishedAttempts(RecipientState.PENDING, 1)).isEqualTo(1);
		assertThat(CampaignReports.finishedAttempts(RecipientState.DONE, 1)).isEqualTo(1);
	}

	private static CampaignRow campaign(CampaignStatus status, Instant start) {
		return new CampaignRow(UUID.randomUUID(), "c", status, NOW.minusSeconds(60), null, start, 60);
	}

}
