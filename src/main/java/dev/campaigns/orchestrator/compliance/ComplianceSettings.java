package dev.campaigns.orchestrator.compliance;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-person limits across all campaigns of a tenant ({@code orchestrator.compliance.*}).
 *
 * @param maxAttemptsPerNumber the most calls to one number in {@code attemptWindow}, across
 * campaigns; unset (the default) leaves it to the regional floors (Florida: 3 in 24 hours),
 * and the stricter of the two applies
 * @param attemptWindow the rolling window of that cap (default 24 h)
 * @param personalDataRetention how long after a campaign finished its recipients keep their
 * numbers, metadata and external ids; then they are anonymised (default 90 days)
 */
@ConfigurationProperties("orchestrator.compliance")
public record ComplianceSettings(@Nullable Integer maxAttemptsPerNumber,
		@DefaultValue("PT24H") Duration attemptWindow, @DefaultValue("P90D") Duration personalDataRetention) {

}
