package dev.campaigns.orchestrator.status.internal;

import java.time.Instant;

import dev.campaigns.orchestrator.campaign.Detection;
import dev.campaigns.orchestrator.status.AgentReport;
import dev.campaigns.orchestrator.status.internal.ReportedOutcome.Verdict;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportedOutcomeTests {

	static final Instant RETRY = Instant.parse("2030-01-07T16:00:00Z");

	static final ReportedOutcome VOICEMAIL = new ReportedOutcome(Detection.VOICEMAIL, "left_message", RETRY,
			"full mailbox", 0);

	@Test
	void theFirstReportIsStored() {
		assertThat(VOICEMAIL.against(null, null)).isEqualTo(Verdict.STORED);
	}

	@Test
	void theSameReportAgainIsTheSame() {
		ReportedOutcome again = new ReportedOutcome(Detection.VOICEMAIL, "left_message", RETRY, "full mailbox", 0);

		assertThat(again.against(stored(VOICEMAIL), VOICEMAIL.fingerprint())).isEqualTo(Verdict.SAME);
	}

	@Test
	void anotherReportWithTheSameOrALowerSequenceIsAConflict() {
		ReportedOutcome human = new ReportedOutcome(Detection.HUMAN, null, null, null, 0);
		ReportedOutcome later = new ReportedOutcome(Detection.HUMAN, null, null, null, 3);

		assertThat(human.against(stored(VOICEMAIL), VOICEMAIL.fingerprint())).isEqualTo(Verdict.CONFLICT);
		assertThat(VOICEMAIL.against(stored(later), later.fingerprint())).isEqualTo(Verdict.CONFLICT);
	}

	@Test
	void aHigherSequenceReplacesTheStoredReport() {
		ReportedOutcome later = new ReportedOutcome(Detection.VOICEMAIL, "left_message", RETRY, "full mailbox", 1);

		assertThat(later.against(stored(VOICEMAIL), VOICEMAIL.fingerprint())).isEqualTo(Verdict.STORED);
	}

	@Test
	void everyFieldAndWhetherItIsGivenTellsReportsApart() {
		assertThat(new ReportedOutcome(Detection.HUMAN, "a", null, null, 0).fingerprint())
			.isNotEqualTo(new ReportedOutcome(Detection.HUMAN, null, null, "a", 0).fingerprint())
			.isNotEqualTo(new ReportedOutcome(Detection.HUMAN, "a", null, null, 1).fingerprint())
			.isNotEqualTo(new ReportedOutcome(Detection.IVR, "a", null, null, 0).fingerprint())
			.isNotEqualTo(new ReportedOutcome(Detection.HUMAN, "a", RETRY, null, 0).fingerprint());
		assertThat(new ReportedOutcome(Detection.HUMAN, "a\n-\n", null, null, 0).fingerprint())
			.as("a value holding the separators forges no other split")
			.isNotEqualTo(new ReportedOutcome(Detection.HUMAN, "a", null, "-", 0).fingerprint());
	}

	private static AgentReport stored(ReportedOutcome outcome) {
		return new AgentReport(outcome.detection(), outcome.disposition(), outcome.retryAt(), outcome.notes(),
				outcome.sequence(), Instant.parse("2030-01-07T09:00:00Z"));
	}

}
