package dev.campaigns.orchestrator.dispatch.internal;

import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;

import dev.campaigns.orchestrator.connection.Line;
import dev.campaigns.orchestrator.dispatch.DispatchSettings;
import dev.campaigns.orchestrator.provider.OutboundCalls;
import dev.campaigns.orchestrator.ratelimit.Pace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.Mockito;

import static org.assertj.core.api.Assertions.assertThat;

/** Each connection's own budget and cap, its unset limits taken from the deployment's settings. */
class ConnectionBudgetTests {

	/** R = 40, automatic burst (4), cap 1000. */
	private static final DispatchSettings SETTINGS = new DispatchSettings(true, 40, 0, 1000, 64, Duration.ofMinutes(2),
			Duration.ofSeconds(45), Duration.ofMillis(300), Duration.ofMinutes(1));

	private static final UUID ID = UUID.fromString("6f1c0000-0000-0000-0000-000000000001");

	static Stream<Arguments> lines() {
		return Stream.of(
				// the default connection: the deployment's global budget and cap, whatever a line says
				Arguments.of(line(null, 5.0, 3, 7), new Pace("global", 40, 4), 1000),
				// a stored connection with limits of its own
				Arguments.of(line(ID, 5.0, 3, 7), new Pace("connection-" + ID, 5, 3), 7),
				// unset limits: the deployment's rate, cap, and the automatic burst of its own rate
				Arguments.of(line(ID, null, null, null), new Pace("connection-" + ID, 40, 4), 1000),
				// burst 0 is automatic: a tenth of a second's worth, at least 2
				Arguments.of(line(ID, 250.0, 0, null), new Pace("connection-" + ID, 250, 25), 1000),
				Arguments.of(line(ID, 5.0, 0, null), new Pace("connection-" + ID, 5, 2), 1000));
	}

	@ParameterizedTest
	@MethodSource("lines")
	void aConnectionsBudgetAndCap(Line line, Pace budget, int cap) {
		assertThat(ConnectionBudget.pace(line, SETTINGS)).isEqualTo(budget);
		assertThat(ConnectionBudget.maxConcurrentCalls(line, SETTINGS)).isEqualTo(cap);
	}

	private static Line line(UUID connection, Double perSecond, Integer burst, Integer cap) {
		return new Line(Line.keyOf(connection), connection, 1, Mockito.mock(OutboundCalls.class), perSecond, burst, cap,
				null);
	}

}
