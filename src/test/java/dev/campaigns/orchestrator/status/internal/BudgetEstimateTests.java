package dev.campaigns.orchestrator.status.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class BudgetEstimateTests {

	@ParameterizedTest(name = "{0} calls/s x {1} polls against {2}/s: warns {3}")
	@CsvSource({ "20, 2, 50, false", "25, 2, 50, false", "26, 2, 50, true", "200, 2, 50, true", "200, 1, 200, false" })
	void warnsWhenTheFullRateNeedsMoreStatusRequestsThanTheBudgetAllows(double calls, int polls, double budget,
			boolean warns) {
		BudgetEstimate estimate = new BudgetEstimate(calls, polls, budget);

		assertThat(estimate.neededPerSecond()).isEqualTo(calls * polls);
		assertThat(estimate.warning().isPresent()).as(estimate.toString()).isEqualTo(warns);
	}

	@org.junit.jupiter.api.Test
	void theWarningNamesTheNeedTheBudgetAndWhatToRaise() {
		assertThat(new BudgetEstimate(200, 2, 50).warning()).hasValueSatisfying(warning -> assertThat(warning)
			.contains("200.0 calls/s at about 2 polls per call need 400.0 status requests/s")
			.contains("allows 50.0")
			.contains("orchestrator.status.requests-per-second to at least 400"));
	}

}
