package dev.campaigns.sandbox;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Settings and requests shared by the sandbox's tests. */
final class SandboxFixtures {

	/** A Monday morning; any fixed instant would do. */
	static final Instant START = Instant.parse("2026-11-23T09:00:00Z");

	private SandboxFixtures() {
	}

	/**
	 * Sandbox settings bound exactly as Spring binds them, from {@code name=value} pairs
	 * below {@code orchestrator.sandbox} (e.g. {@code "outcomes.no-answer=1"}); everything
	 * else keeps its default.
	 */
	static SandboxSettings settings(String... properties) {
		Map<String, String> source = new LinkedHashMap<>();
		for (String property : properties) {
			int equals = property.indexOf('=');
			source.put("orchestrator.sandbox." + property.substring(0, equals), property.substring(equals + 1));
		}
		return new Binder(new MapConfigurationPropertySource(source)).bindOrCreate("orchestrator.sandbox",
				SandboxSettings.class);
	}

}
