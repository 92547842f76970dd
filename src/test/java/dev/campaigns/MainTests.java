package dev.campaigns;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MainTests {

	@Test
	void runsTheServiceByDefault() {
		assertThat(Main.runsSandboxServer(new String[0], Map.of(), null)).isFalse();
		assertThat(Main.runsSandboxServer(new String[] { "--spring.profiles.active=prod" }, Map.of(), null)).isFalse();
	}

	@Test
	void runsTheSandboxServerWhenItsProfileIsAskedForAnywhere() {
		assertThat(Main.runsSandboxServer(new String[] { "--spring.profiles.active=sandbox-server" }, Map.of(), null))
			.isTrue();
		assertThat(Main.runsSandboxServer(new String[0], Map.of("SPRING_PROFILES_ACTIVE", "x, sandbox-server"), null))
			.isTrue();
		assertThat(Main.runsSandboxServer(new String[0], Map.of(), "sandbox-server")).isTrue();
	}

	@Test
	void aProfileThatMerelyContainsTheNameIsNotTheSandboxServer() {
		assertThat(Main.runsSandboxServer(new String[] { "--spring.profiles.active=sandbox-server-x" }, Map.of(), null))
			.isFalse();
	}

}
