package dev.campaigns.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The suite's results table, {@code target/reliability/results.md}: one row per check, rewritten
 * after every scenario so a run that stops half-way still leaves what it measured.
 */
final class Results {

	/**
	 * What one check compared: the bound and what was measured. A known issue is a failure
	 * already understood and reported (in the README, with its fix): shown as such, it does not
	 * fail the run, and it turns into a plain pass once fixed.
	 */
	record Check(String what, String measured, boolean passed, String knownIssue) {

		Check(String what, String measured, boolean passed) {
			this(what, measured, passed, null);
		}

		String result() {
			if (passed) {
				return "pass";
			}
			return knownIssue != null ? "**known issue**: " + knownIssue : "**FAIL**";
		}

		boolean blocks() {
			return !passed && knownIssue == null;
		}

	}

	private record Scenario(String name, List<Check> checks, double seconds, String failure) {
	}

	private final Path file;

	private final String mode;

	private final Instant started = Instant.now();

	private final List<Scenario> scenarios = new ArrayList<>();

	Results(Path file, String mode) {
		this.file = file;
		this.mode = mode;
	}

	synchronized void add(String scenario, List<Check> checks, Duration took, String failure) {
		scenarios.add(new Scenario(scenario, List.copyOf(checks), took.toMillis() / 1000.0, failure));
		write();
	}

	private void write() {
		StringBuilder md = new StringBuilder();
		md.append(String.format(Locale.ROOT,
				"Reliability suite (`reliability/run%s`), %s, %d cores; started %s, %.0f s so far.%n%n",
				mode.equals("short") ? " --short" : "", mode, Runtime.getRuntime().availableProcessors(),
				started.truncatedTo(ChronoUnit.SECONDS), Duration.between(started, Instant.now()).toMillis() / 1000.0));
		md.append("| scenario | what was checked | measured | result |\n|---|---|---|---|\n");
		for (Scenario scenario : scenarios) {
			boolean first = true;
			String name = String.format(Locale.ROOT, "%s (%.0f s)", scenario.name, scenario.seconds);
			for (Check check : scenario.checks) {
				md.append("| ").append(first ? name : "").append(" | ").append(escape(check.what)).append(" | ")
					.append(escape(check.measured)).append(" | ").append(check.result())
					.append(" |\n");
				first = false;
			}
			if (scenario.failure != null) {
				md.append("| ").append(first ? name : "").append(" | the scenario ran to its end | ")
					.append(escape(scenario.failure)).append(" | **FAIL** |\n");
			}
		}
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file, md);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String escape(String text) {
		return text.replace("|", "\\|").replace("\n", " ");
	}

}
