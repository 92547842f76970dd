package dev.campaigns.orchestrator;

import dev.campaigns.modularityfixture.FixtureApplication;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.Violations;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ModularityTests {

	private final ApplicationModules modules = ApplicationModules.of(OrchestratorApplication.class);

	@Test
	void modulesOnlyUseEachOthersPublicApi() {
		modules.verify();
	}

	@Test
	void everyModuleOfTheDesignExists() {
		assertThat(modules.stream().map(module -> module.getIdentifier().toString())).contains("campaign",
				"schedule", "dispatch", "provider", "status", "report", "notify", "compliance", "security");
	}

	@Test
	void reachingIntoAnotherModulesInternalsFailsVerification() {
		// the fixture lives in test sources, which module detection skips unless told otherwise
		ApplicationModules broken = ApplicationModules.of(FixtureApplication.class, location -> true);
		assertThatExceptionOfType(Violations.class).isThrownBy(broken::verify)
			.withMessageContaining("internal");
	}

	@Test
	void writesModuleDocumentation() {
		new Documenter(modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
	}

}
