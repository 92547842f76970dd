package dev.campaigns.orchestrator.status.internal;

import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import dev.campaigns.orchestrator.connection.Line;
import dev.campaigns.orchestrator.ratelimit.Pace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** How a round's room is shared among the connections' budgets, and what each budget is called. */
class StatusBudgetsTests {

	static Stream<Arguments> shares() {
		return Stream.of(
				// granted per connection, room in the round, shares
				arguments(List.of(), 5, List.of()),
				arguments(List.of(3), 5, List.of(3)),
				arguments(List.of(3), 2, List.of(2)),
				arguments(List.of(3, 3), 4, List.of(2, 2)),
				arguments(List.of(1, 5), 4, List.of(1, 3)),
				arguments(List.of(5, 5, 5), 2, List.of(1, 1, 0)),
				arguments(List.of(0, 4), 3, List.of(0, 3)),
				arguments(List.of(2, 0, 2), 5, List.of(2, 0, 2)),
				arguments(List.of(2, 2), 0, List.of(0, 0)));
	}

	@ParameterizedTest
	@MethodSource
	void shares(List<Integer> granted, int most, List<Integer> shares) {
		assertThat(StatusBudgets.shares(granted, most)).isEqualTo(shares);
	}

	@Test
	void theDefaultConnectionKeepsTheStatusBudgetAtTheDeploymentsRate() {
		assertThat(StatusBudgets.paceOf(Line.DEFAULT, null, 50)).isEqualTo(new Pace("status", 50, 50));
	}

	@Test
	void aStoredConnectionHasABudgetOfItsOwnAtItsOwnRate() {
		UUID id = UUID.fromString("6f1c0000-0000-4000-8000-000000000001");

		assertThat(StatusBudgets.paceOf(Line.keyOf(id), 2.5, 50))
			.isEqualTo(new Pace("status-connection-" + id, 2.5, 2.5));
		assertThat(StatusBudgets.paceOf(Line.keyOf(id), null, 50))
			.isEqualTo(new Pace("status-connection-" + id, 50, 50));
	}

	@Test
	void aSlowConnectionStillSendsOneAtATime() {
		assertThat(StatusBudgets.paceOf(Line.keyOf(UUID.randomUUID()), 0.5, 50).burst()).isEqualTo(1);
	}

}
