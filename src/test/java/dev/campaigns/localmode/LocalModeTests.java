package dev.campaigns.localmode;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LocalModeTests {

	private final SpringApplication application = new SpringApplication();

	@Test
	void appliesWithNoProfileAndNoDatasource() {
		assertThat(LocalMode.applies(new String[0], null, null, true)).isTrue();
		assertThat(LocalMode.applies(new String[] { "default" }, "", null, true)).isTrue();
	}

	@Test
	void anyOtherProfileMeansProductionMode() {
		assertThat(LocalMode.applies(new String[] { "prod" }, null, null, true)).isFalse();
	}

	@Test
	void aConfiguredDatasourceMeansProductionMode() {
		assertThat(LocalMode.applies(new String[0], "jdbc:postgresql://db/orchestrator", null, true)).isFalse();
	}

	@Test
	void neverAppliesWithoutTheEmbeddedDatabaseOnTheClasspath() {
		assertThat(LocalMode.applies(new String[0], null, null, false)).isFalse();
		assertThat(LocalMode.applies(new String[0], null, "true", false)).isFalse();
	}

	@Test
	void anExplicitSwitchWinsOverTheRule() {
		assertThat(LocalMode.applies(new String[] { "prod" }, null, "true", true)).isTrue();
		assertThat(LocalMode.applies(new String[0], null, "false", true)).isFalse();
	}

	@Test
	void localModeServesTheSandboxAndPointsTheProviderAtIt() {
		MockEnvironment environment = new MockEnvironment();
		new LocalModeEnvironmentPostProcessor(() -> false).postProcessEnvironment(environment, application);

		assertThat(environment.getProperty("orchestrator.local.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("orchestrator.sandbox.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("orchestrator.provider.base-url"))
			.isEqualTo("http://localhost:8080/sandbox/polyai");
	}

	@Test
	void whatTheUserSetsWinsOverLocalDefaults() {
		MockEnvironment environment = new MockEnvironment().withProperty("orchestrator.provider.dialect", "agents-v1");
		new LocalModeEnvironmentPostProcessor(() -> false).postProcessEnvironment(environment, application);

		assertThat(environment.getProperty("orchestrator.provider.dialect")).isEqualTo("agents-v1");
	}

	@Test
	void productionModeAddsNothing() {
		MockEnvironment environment = new MockEnvironment();
		environment.setActiveProfiles("prod");
		new LocalModeEnvironmentPostProcessor(() -> false).postProcessEnvironment(environment, application);

		assertThat(environment.getProperty("orchestrator.sandbox.enabled")).isNull();
		assertThat(environment.getProperty("orchestrator.local.enabled")).isNull();
	}

	@Test
	void refusesToStartAsRootWithOneSentenceNamingTheAlternative() {
		MockEnvironment environment = new MockEnvironment();
		assertThatExceptionOfType(EmbeddedPostgresRefusesRoot.class)
			.isThrownBy(() -> new LocalModeEnvironmentPostProcessor(() -> true).postProcessEnvironment(environment,
					application))
			.withMessageContaining("refuses to run as root")
			.withMessageContaining("SPRING_DATASOURCE_URL");
	}

	@Test
	void asRootInProductionModeNothingIsRefused() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.datasource.url", "jdbc:postgresql://db/x");
		new LocalModeEnvironmentPostProcessor(() -> true).postProcessEnvironment(environment, application);

		assertThat(environment.getProperty("orchestrator.local.enabled")).isNull();
	}

}
