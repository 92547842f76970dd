package dev.campaigns.orchestrator.dispatch.internal;

import java.time.Duration;

import dev.campaigns.orchestrator.dispatch.DispatchSettings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class InvalidDispatchSettingAnalyzerTests {

	@Test
	void aDispatchSettingThatCannotWorkReadsAsThePropertyItsReasonAndWhatToDo() {
		Throwable invalid = catchThrowable(() -> new DispatchSettings(true, 10, 0, 1000, 256, Duration.ofMinutes(2),
				Duration.ofSeconds(45), Duration.ofMinutes(2), Duration.ofMinutes(1)));
		// as Spring Boot reports it: the binding failure with the record's exception as its cause
		Throwable startup = new IllegalStateException("Failed to bind properties under 'orchestrator.dispatch'",
				invalid);

		FailureAnalysis analysis = new InvalidDispatchSettingAnalyzer().analyze(startup);

		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).startsWith("The dispatch setting orchestrator.dispatch.lookahead must be"
				+ " below the lease less its margin (PT1M15S)");
		assertThat(analysis.getAction()).startsWith("Change orchestrator.dispatch.lookahead");
	}

}
