package dev.campaigns.orchestrator.security.internal;

import java.util.LinkedHashSet;
import java.util.Set;

import dev.campaigns.orchestrator.security.Role;
import dev.campaigns.orchestrator.security.SecuritySettings;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Registers the configured bootstrap admin key(s) at startup, after Flyway and before the
 * web server takes requests: {@code orchestrator.security.bootstrap-admin-key} and, as
 * API.md names it, {@code ORCHESTRATOR_BOOTSTRAP_ADMIN_KEY}
 * ({@code orchestrator.bootstrap-admin-key}). Idempotent, also across replicas starting at
 * once; a bootstrap key revoked through the API stays revoked. The key is never logged.
 */
@Component
class BootstrapAdminKeys implements SmartInitializingSingleton {

	static final String ALIAS_PROPERTY = "orchestrator.bootstrap-admin-key";

	static final String NAME = "bootstrap";

	/** Shorter configured keys are refused: they could be guessed, and they open everything. */
	static final int SHORTEST_ACCEPTED = 16;

	private static final Logger log = LoggerFactory.getLogger(BootstrapAdminKeys.class);

	private final ApiKeys apiKeys;

	private final SecuritySettings settings;

	private final Environment environment;

	BootstrapAdminKeys(ApiKeys apiKeys, SecuritySettings settings, Environment environment) {
		this.apiKeys = apiKeys;
		this.settings = settings;
		this.environment = environment;
	}

	@Override
	public void afterSingletonsInstantiated() {
		registerConfiguredKeys();
	}

	/** Registers every configured bootstrap key; running it again changes nothing. */
	void registerConfiguredKeys() {
		for (String key : configuredKeys(settings.bootstrapAdminKey(), environment.getProperty(ALIAS_PROPERTY))) {
			ApiKeys.RegisteredKey registered = apiKeys.register(key, NAME, settings.bootstrapTenant(),
					Set.of(Role.PLATFORM_ADMIN));
			if (registered.inserted()) {
				log.info("Registered the bootstrap admin key as API key {} of tenant {}", registered.stored().id(),
						registered.stored().tenant());
			}
			else if (registered.stored().isRevoked()) {
				log.warn("The configured bootstrap admin key (API key {}) was revoked and stays revoked;"
						+ " configure another one", registered.stored().id());
			}
		}
	}

	static Set<String> configuredKeys(@Nullable String... candidates) {
		Set<String> keys = new LinkedHashSet<>();
		for (String candidate : candidates) {
			if (candidate == null || candidate.isBlank()) {
				continue;
			}
			String key = candidate.trim();
			if (key.length() < SHORTEST_ACCEPTED || !ApiKeySecrets.isPlausible(key)) {
				throw new IllegalStateException("The bootstrap admin key must be " + SHORTEST_ACCEPTED + " to "
						+ ApiKeySecrets.LONGEST_ACCEPTED + " visible ASCII characters without spaces;"
						+ " generate one with: echo co_$(openssl rand -base64 32 | tr '+/' '-_' | tr -d '=')");
			}
			keys.add(key);
		}
		return keys;
	}

}
