package dev.campaigns.orchestrator;

import dev.campaigns.testsupport.TestDatabase;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Settings that cannot work stop start-up with a Spring Boot failure analysis that names the
 * property and what to do, not a stack trace to read.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureIntegrationTests {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			orchestrator.provider.base-url=                  | orchestrator.provider.base-url must be set      | Set orchestrator.provider.base-url
			orchestrator.provider.dialect=outbound-calling-v9 | orchestrator.provider.dialect                  | Update your application's configuration
			orchestrator.dispatch.lookahead=5ms               | orchestrator.dispatch.lookahead must be at least 10 ms | Change orchestrator.dispatch.lookahead
			orchestrator.connections.active-key=retired       | orchestrator.connections.active-key names a key that is not in | Change orchestrator.connections.active-key
			orchestrator.connections.encryption-keys.short=c2hvcnQ= | orchestrator.connections.encryption-keys.short must be 32 bytes | Change orchestrator.connections.encryption-keys.short
			""")
	void aSettingThatCannotWorkStopsStartUpWithAnAnalysisNamingIt(String setting, String description, String action,
			CapturedOutput output) {
		Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(OrchestratorApplication.class)
			.profiles("test")
			.initializers(new TestDatabase.Initializer())
			.run("--server.port=0", "--" + setting)
			.close());

		assertThat(failure).isNotNull();
		assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
			.contains("Description:")
			.contains(description)
			.contains("Action:")
			.contains(action);
	}

}
