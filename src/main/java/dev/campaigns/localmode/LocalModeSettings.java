package dev.campaigns.localmode;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Local mode settings ({@code orchestrator.local.*}).
 *
 * @param dataDirectory where the embedded PostgreSQL keeps its data, so a restart keeps
 * campaigns (default {@code ./data/postgres})
 * @param databasePort the embedded PostgreSQL's port; 0 picks a free one (default 0)
 * @param startupTimeout how long to wait for the embedded PostgreSQL to accept connections
 * (default 60 s)
 */
@ConfigurationProperties("orchestrator.local")
record LocalModeSettings(@DefaultValue("./data/postgres") Path dataDirectory, @DefaultValue("0") int databasePort,
		@DefaultValue("60s") Duration startupTimeout) {
}
