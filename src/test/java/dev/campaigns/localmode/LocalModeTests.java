package dev.campaigns.localmode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import dev.campaigns.sandbox.Detection;
import dev.campaigns.sandbox.SandboxSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LocalModeTests {

	private final SpringApplication application = new SpringApplication();

	@TempDir
	Path home;

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
		MockEnvironment environment = localEnvironment();
		new LocalModeEnvironmentPostProcessor(() -> false).postProcessEnvironment(environment, application);

		assertThat(environment.getProperty("orchestrator.local.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("orchestrator.sandbox.enabled")).isEqualTo("true");
		// resolved once the server has its port; see ProviderConfiguration
		assertThat(environment.getPropertySources().get("localMode").getProperty("orchestrator.provider.base-url"))
			.isEqualTo("http://localhost:${local.server.port}/sandbox/polyai");
	}

	@Test
	void localModesAgentMeetsVoicemailMenusAndDeadNumbersAndReportsWithTheDevelopmentKey() {
		// the server's port, as it is known when the sandbox's settings are bound
		MockEnvironment environment = localEnvironment().withProperty("local.server.port", "8080");
		new LocalModeEnvironmentPostProcessor(() -> false).postProcessEnvironment(environment, application);

		assertThat(environment.getPropertySources().get("localMode").getProperty("orchestrator.sandbox.agent.report-url"))
			.isEqualTo("http://localhost:${local.server.port}/api/v1/calls/{callSid}/outcome");
		assertThat(environment.getProperty("orchestrator.sandbox.agent.api-key")).isNotBlank()
			.isEqualTo(environment.getProperty("orchestrator.security.bootstrap-admin-key"));
		SandboxSettings sandbox = Binder.get(environment).bindOrCreate("orchestrator.sandbox", SandboxSettings.class);
		assertThat(sandbox.detections()).containsEntry(Detection.HUMAN, 80)
			.containsEntry(Detection.VOICEMAIL, 12)
			.containsEntry(Detection.IVR, 4)
			.containsEntry(Detection.NOT_IN_SERVICE, 2)
			.containsEntry(Detection.OPERATOR, 2);
	}

	@Test
	void whatTheUserSetsWinsOverLocalDefaults() {
		MockEnvironment environment = localEnvironment().withProperty("orchestrator.provider.dialect", "agents-v1");
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

	@Test
	void theFirstStartMakesADevelopmentAdminKeyBesideTheDataReadableByItsOwnerOnly() throws Exception {
		MockEnvironment environment = localEnvironment();
		new LocalModeEnvironmentPostProcessor(() -> false).postProcessEnvironment(environment, application);

		Path keyFile = home.resolve("admin-key");
		String key = environment.getProperty("orchestrator.security.bootstrap-admin-key");
		assertThat(key).matches("co_[A-Za-z0-9_-]{43}");
		assertThat(environment.getProperty("orchestrator.local.admin-key-file")).isEqualTo(keyFile.toString());
		assertThat(Files.readString(keyFile).strip()).isEqualTo(key);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
	}

	@Test
	void laterStartsReuseTheDevelopmentAdminKey() throws Exception {
		MockEnvironment first = localEnvironment();
		new LocalModeEnvironmentPostProcessor(() -> false).postProcessEnvironment(first, application);
		Path keyFile = home.resolve("admin-key");
		long modified = Files.getLastModifiedTime(keyFile).toMillis();

		MockEnvironment second = localEnvironment();
		new LocalModeEnvironmentPostProcessor(() -> false).postProcessEnvironment(second, application);

		assertThat(second.getProperty("orchestrator.security.bootstrap-admin-key"))
			.isEqualTo(first.getProperty("orchestrator.security.bootstrap-admin-key"));
		assertThat(Files.getLastModifiedTime(keyFile).toMillis()).isEqualTo(modified);
		try (var files = Files.list(home)) {
			assertThat(files.filter((file) -> file.getFileName().toString().contains("admin-key"))).hasSize(1);
		}
	}

	@Test
	void aKeyFileOthersCouldReadIsMadeOwnerOnly() throws Exception {
		Path keyFile = home.resolve("admin-key");
		Files.writeString(keyFile, "co_written-by-hand-0123456789\n");
		Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));

		MockEnvironment environment = localEnvironment();
		new LocalModeEnvironmentPostProcessor(() -> false).postProcessEnvironment(environment, application);

		assertThat(environment.getProperty("orchestrator.security.bootstrap-admin-key"))
			.isEqualTo("co_written-by-hand-0123456789");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
	}

	@Test
	void aBootstrapAdminKeyTheUserSetsWinsOverTheDevelopmentKey() {
		MockEnvironment environment = localEnvironment()
			.withProperty("orchestrator.security.bootstrap-admin-key", "co_mine-0123456789abcdef");
		new LocalModeEnvironmentPostProcessor(() -> false).postProcessEnvironment(environment, application);

		assertThat(environment.getProperty("orchestrator.security.bootstrap-admin-key"))
			.isEqualTo("co_mine-0123456789abcdef");
	}

	@Test
	void productionModeMakesNoAdminKey() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty("orchestrator.local.data-directory", home.resolve("postgres").toString());
		environment.setActiveProfiles("prod");
		new LocalModeEnvironmentPostProcessor(() -> false).postProcessEnvironment(environment, application);

		assertThat(environment.getProperty("orchestrator.security.bootstrap-admin-key")).isNull();
		assertThat(home.resolve("admin-key")).doesNotExist();
	}

	private MockEnvironment localEnvironment() {
		return new MockEnvironment().withProperty("orchestrator.local.data-directory",
				home.resolve("postgres").toString());
	}

}
