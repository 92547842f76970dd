package dev.campaigns.orchestrator.security;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * API key settings ({@code orchestrator.security.*}).
 *
 * @param bootstrapAdminKey an admin key registered at startup if set, so a fresh deployment
 * can create its first keys (default none); also read from
 * {@code ORCHESTRATOR_BOOTSTRAP_ADMIN_KEY} ({@code orchestrator.bootstrap-admin-key}). Only
 * its hash is stored and it is never logged. Revoking it through the API sticks: a later
 * start does not bring it back.
 * @param bootstrapTenant the tenant of the bootstrap admin key (default {@code default})
 * @param keyCacheTtl how long a verified key is trusted without asking the database again
 * (default 10 s). A key revoked on this replica stops working at once; on other replicas it
 * keeps working until their cached entry expires, at most this long.
 */
@ConfigurationProperties("orchestrator.security")
public record SecuritySettings(@Nullable String bootstrapAdminKey, @DefaultValue("default") String bootstrapTenant,
		@DefaultValue("10s") Duration keyCacheTtl) {

}
