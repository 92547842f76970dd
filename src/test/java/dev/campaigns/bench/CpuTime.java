package dev.campaigns.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time as Linux counts it in {@code /proc}, in clock ticks ({@code getconf CLK_TCK}, 100 on
 * Linux on x86-64 and arm64): one process's, and the whole machine's busy and total time.
 */
final class CpuTime {

	/** Milliseconds per clock tick ({@code USER_HZ} = 100). */
	static final double MILLIS_PER_TICK = 10;

	private CpuTime() {
	}

	/** A process's CPU time so far, user and system, in ticks; -1 when it has ended. */
	static long ofProcess(long pid) {
		try {
			return processTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
		}
		catch (IOException ended) {
			return -1;
		}
	}

	/** The machine's CPU time so far in ticks: {@code {busy, total}}, all cores together. */
	static long[] ofMachine() {
		try {
			return machineTicks(Files.readString(Path.of("/proc/stat")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * {@code utime + stime} (fields 14 and 15) of a {@code /proc/<pid>/stat} line. The command
	 * name (field 2) is in parentheses and may hold spaces, so fields are counted after its last
	 * closing parenthesis.
	 */
	static long processTicks(String stat) {
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
		// fields[0] is field 3 (state): utime is field 14, stime field 15
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	/**
	 * {@code {busy, total}} from the first line of {@code /proc/stat} ({@code cpu user nice system
	 * idle iowait irq softirq steal ...}): idle is idle and iowait, guest time is already in user.
	 */
	static long[] machineTicks(String stat) {
		String[] fields = stat.lines().findFirst().orElseThrow().trim().split("\\s+");
		long total = 0;
		long idle = 0;
		for (int i = 1; i < Math.min(fields.length, 9); i++) {
			long ticks = Long.parseLong(fields[i]);
			total += ticks;
			if (i == 4 || i == 5) {
				idle += ticks;
			}
		}
		return new long[] { total - idle, total };
	}

	/** The load average over 1, 5 and 15 minutes, as {@code /proc/loadavg} gives it; "n/a" where it cannot be read. */
	static String loadAverage() {
		try {
			String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return parts[0] + " " + parts[1] + " " + parts[2];
		}
		catch (IOException | RuntimeException ex) {
			return "n/a";
		}
	}

}
