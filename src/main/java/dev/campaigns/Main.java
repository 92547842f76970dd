package dev.campaigns;

import java.util.Arrays;
import java.util.Map;

import dev.campaigns.orchestrator.OrchestratorApplication;
import dev.campaigns.sandbox.SandboxServerApplication;
import org.springframework.boot.SpringApplication;

/**
 * The jar's entry point: the orchestrator service, or, with the {@code sandbox-server}
 * profile, the standalone fake PolyAI API (no database, no scheduler).
 */
public final class Main {

	static final String SANDBOX_SERVER_PROFILE = "sandbox-server";

	private Main() {
	}

	public static void main(String[] args) {
		Class<?> application = runsSandboxServer(args, System.getenv(), System.getProperty("spring.profiles.active"))
				? SandboxServerApplication.class
				: OrchestratorApplication.class;
		SpringApplication.run(application, args);
	}

	/**
	 * Whether the {@code sandbox-server} profile is asked for, by argument, environment or
	 * system property; decided before Spring starts because it picks the application.
	 */
	static boolean runsSandboxServer(String[] args, Map<String, String> environment, String systemProperty) {
		return Arrays.stream(args)
				.filter(arg -> arg.startsWith("--spring.profiles.active="))
				.map(arg -> arg.substring("--spring.profiles.active=".length()))
				.anyMatch(Main::namesSandboxServer)
				|| namesSandboxServer(environment.get("SPRING_PROFILES_ACTIVE"))
				|| namesSandboxServer(systemProperty);
	}

	private static boolean namesSandboxServer(String profiles) {
		return profiles != null
				&& Arrays.stream(profiles.split(",")).map(String::trim).anyMatch(SANDBOX_SERVER_PROFILE::equals);
	}

}
