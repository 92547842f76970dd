package dev.campaigns.orchestrator.notify.internal;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WebhookBackoffTests {

	private final WebhookBackoff backoff = new WebhookBackoff(Duration.ofSeconds(10), Duration.ofHours(1), 0.2);

	@Test
	void doublesFromTheInitialPauseWithoutJitter() {
		assertThat(backoff.after(1, () -> 0)).isEqualTo(Duration.ofSeconds(10));
		assertThat(backoff.after(2, () -> 0)).isEqualTo(Duration.ofSeconds(20));
		assertThat(backoff.after(3, () -> 0)).isEqualTo(Duration.ofSeconds(40));
		assertThat(backoff.after(9, () -> 0)).isEqualTo(Duration.ofSeconds(2560));
	}

	@Test
	void neverWaitsLongerThanTheCap() {
		assertThat(backoff.after(10, () -> 0)).isEqualTo(Duration.ofHours(1));
		assertThat(backoff.after(1000, () -> 0)).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void jitterShortensAPauseByAtMostItsShare() {
		assertThat(backoff.after(1, () -> 0.5)).isEqualTo(Duration.ofSeconds(9));
		assertThat(backoff.after(1, () -> 0.999999)).isGreaterThan(Duration.ofSeconds(8));
		assertThat(backoff.after(1000, () -> 0.999999)).isGreaterThan(Duration.ofMinutes(48))
			.isLessThanOrEqualTo(Duration.ofHours(1));
	}

	@Test
	void rejectsJitterOutsideZeroToOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> new WebhookBackoff(Duration.ofSeconds(1),
				Duration.ofSeconds(2), 1.5));
	}

}
