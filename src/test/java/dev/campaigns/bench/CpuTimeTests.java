package dev.campaigns.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CpuTimeTests {

	@Test
	void aProcessCpuTimeIsItsUserAndSystemTicks() {
		String stat = "22533 (java) S 22527 22527 18321 0 -1 4194304 126 0 0 0 1234 56 0 0 20 0 1 0 228160";

		assertThat(CpuTime.processTicks(stat)).isEqualTo(1290);
	}

	@Test
	void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
		String stat = "7 (my (odd) name) R 1 7 7 0 -1 0 0 0 0 0 300 20 0 0 20 0 1 0 1";

		assertThat(CpuTime.processTicks(stat)).isEqualTo(320);
	}

	@Test
	void theMachineIsBusyWhenNeitherIdleNorWaitingForIo() {
		// user nice system idle iowait irq softirq steal guest guest_nice
		String stat = "cpu  1000 10 200 5000 300 5 15 0 40 0\ncpu0 500 5 100 2500 150 2 8 0 20 0\n";

		assertThat(CpuTime.machineTicks(stat)).containsExactly(1230, 6530);
	}

}
