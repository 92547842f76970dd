package dev.campaigns.orchestrator.campaign;

import java.time.Instant;
import java.util.Optional;

import dev.campaigns.orchestrator.schedule.CallingWindow;
import org.junit.jupiter.api.Test;

import static dev.campaigns.orchestrator.campaign.CampaignStatus.CANCELLED;
import static dev.campaigns.orchestrator.campaign.CampaignStatus.COMPLETED;
import static dev.campaigns.orchestrator.campaign.CampaignStatus.PAUSED;
import static dev.campaigns.orchestrator.campaign.CampaignStatus.RUNNING;
import static dev.campaigns.orchestrator.campaign.CampaignStatus.SCHEDULED;
import static org.assertj.core.api.Assertions.assertThat;

class LifecycleActionTests {

	private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

	private static final CampaignSchedule STARTED = new CampaignSchedule(null, null, CallingWindow.DEFAULT, null);

	private static final CampaignSchedule LATER = new CampaignSchedule(NOW.plusSeconds(3600), null,
			CallingWindow.DEFAULT, null);

	@Test
	void runningAndScheduledCampaignsCanBePaused() {
		assertThat(LifecycleAction.PAUSE.from(RUNNING, STARTED, NOW)).contains(PAUSED);
		assertThat(LifecycleAction.PAUSE.from(SCHEDULED, LATER, NOW)).contains(PAUSED);
		assertThat(LifecycleAction.PAUSE.from(PAUSED, STARTED, NOW)).isEmpty();
		assertThat(LifecycleAction.PAUSE.from(COMPLETED, STARTED, NOW)).isEmpty();
	}

	@Test
	void resumingReturnsToRunningOrToScheduledWhenTheStartIsAhead() {
		assertThat(LifecycleAction.RESUME.from(PAUSED, STARTED, NOW)).contains(RUNNING);
		assertThat(LifecycleAction.RESUME.from(PAUSED, LATER, NOW)).contains(SCHEDULED);
		assertThat(LifecycleAction.RESUME.from(RUNNING, STARTED, NOW)).isEmpty();
	}

	@Test
	void anythingNotFinishedCanBeCancelledOnce() {
		for (CampaignStatus status : new CampaignStatus[] { SCHEDULED, RUNNING, PAUSED }) {
			assertThat(LifecycleAction.CANCEL.from(status, STARTED, NOW)).isEqualTo(Optional.of(CANCELLED));
		}
		assertThat(LifecycleAction.CANCEL.from(CANCELLED, STARTED, NOW)).isEmpty();
		assertThat(LifecycleAction.CANCEL.from(COMPLETED, STARTED, NOW)).isEmpty();
	}

	@Test
	void anythingNotFinishedCanBeCompletedByHandOnce() {
		CampaignSchedule open = new CampaignSchedule(null, null, CallingWindow.DEFAULT, null,
				CampaignCompletion.AT_END);
		for (CampaignStatus status : new CampaignStatus[] { SCHEDULED, RUNNING, PAUSED }) {
			assertThat(LifecycleAction.COMPLETE.from(status, STARTED, NOW)).contains(COMPLETED);
			assertThat(LifecycleAction.COMPLETE.from(status, open, NOW)).contains(COMPLETED);
		}
		assertThat(LifecycleAction.COMPLETE.from(COMPLETED, open, NOW)).isEmpty();
		assertThat(LifecycleAction.COMPLETE.from(CANCELLED, open, NOW)).isEmpty();
	}

}
