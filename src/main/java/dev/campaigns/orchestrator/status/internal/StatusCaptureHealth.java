package dev.campaigns.orchestrator.status.internal;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code statusCapture} health: {@code UP} while the status budgets keep up with the
 * calls in progress, {@link #AT_RISK} when a connection needs more than its budget or its
 * oldest overdue poll waits longer than {@code max-interval} (see {@link StatusNeeds}). At risk
 * is a warning, not a failure: it leaves the aggregate health and the probes alone (the replica
 * still serves), and reads 200 at {@code /actuator/health/statusCapture}.
 */
class StatusCaptureHealth implements HealthIndicator {

	static final Status AT_RISK = new Status("AT_RISK", "the status budget cannot keep up with the calls in progress");

	private final StatusNeeds needs;

	StatusCaptureHealth(StatusNeeds needs) {
		this.needs = needs;
	}

	@Override
	public Health health() {
		StatusNeeds.Snapshot now = needs.now();
		return Health.status(now.atRisk() ? AT_RISK : Status.UP)
			.withDetail("neededPerSecond", now.neededPerSecond())
			.withDetail("budgetPerSecond", now.budgetPerSecond())
			.withDetail("overdue", now.overdue())
			.withDetail("lagSeconds", now.lag().toMillis() / 1000.0)
			.build();
	}

}
