package dev.campaigns.orchestrator;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The Campaign Orchestrator service. Its modules are the sub-packages of this package
 * (see DESIGN.md); {@code ModularityTests} keeps their boundaries.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class OrchestratorApplication {

	public static void main(String[] args) {
		SpringApplication.run(OrchestratorApplication.class, args);
	}

	/** The one source of time for the whole service; tests replace it with a settable clock. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
