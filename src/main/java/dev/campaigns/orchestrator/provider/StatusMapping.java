package dev.campaigns.orchestrator.provider;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.campaigns.orchestrator.Text;
import dev.campaigns.orchestrator.provider.internal.StatusVocabulary;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Name;

/**
 * What status strings a dialect does not document mean on one connection, e.g. the codes a
 * deployment's agents end their calls with: {@code {"voicemail": {"status": "NO_ANSWER"}}}.
 * A string is matched exactly, case included, as the provider answered it, and only after the
 * dialect's own vocabulary: a documented string keeps its documented meaning, so a mapping
 * never names one ({@link #problems}). A mapped string then counts as a documented one: a final
 * status ends the call, a live one is polled as live.
 *
 * @param targets each string's meaning, by the string
 */
public record StatusMapping(Map<String, Target> targets) {

	/** No string mapped. */
	public static final StatusMapping NONE = new StatusMapping(Map.of());

	/** The most strings one mapping names. */
	public static final int MOST_STRINGS = 100;

	/** The longest string mapped: as long as a raw status is kept. */
	public static final int LONGEST_STRING = 100;

	/** The statuses a string may mean: what a provider can say, not what the service concludes. */
	public static final Set<CallStatus> MAPPABLE = EnumSet.of(CallStatus.QUEUED, CallStatus.RINGING,
			CallStatus.IN_PROGRESS, CallStatus.COMPLETED, CallStatus.NO_ANSWER, CallStatus.BUSY, CallStatus.FAILED,
			CallStatus.CANCELLED);

	/**
	 * One string's meaning.
	 *
	 * @param status the canonical status it means, one of {@link #MAPPABLE}
	 * @param isFinal whether the call ends with it ({@code final} in settings and in the API);
	 * null or left out: the status's own ({@code NO_ANSWER} is final, {@code IN_PROGRESS} is not).
	 * It must agree with the status: a call cannot end without an outcome, nor poll on after one.
	 */
	public record Target(CallStatus status, @Name("final") @Nullable Boolean isFinal) {

		public Target {
			if (isFinal == null && status != null) {
				isFinal = status.isFinal();
			}
		}

	}

	/** One thing wrong with a mapping, naming the string it concerns. */
	public record Problem(String string, String reason) {

		@Override
		public String toString() {
			return quote(string) + " " + reason;
		}

		/** A string as problems name it: quoted, and cut when long (it is the client's text, answered back). */
		public static String quote(String string) {
			return "'" + (string.length() <= 40 ? string : string.substring(0, 40) + "…") + "'";
		}

	}

	public StatusMapping {
		// sorted: the same mapping reads, stores and shows the same way
		targets = targets == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(targets));
	}

	/** A mapping of these strings; null is none. */
	public static StatusMapping of(@Nullable Map<String, Target> targets) {
		return targets == null || targets.isEmpty() ? NONE : new StatusMapping(targets);
	}

	public boolean isEmpty() {
		return targets.isEmpty();
	}

	/** What {@code raw}, exactly as answered, means here; null when it is not mapped. */
	public @Nullable CallStatus meaning(String raw) {
		Target target = targets.get(raw);
		return target == null ? null : target.status();
	}

	/**
	 * What is wrong with this mapping on a connection of {@code dialect}; empty when it may be
	 * used. A string the dialect documents is refused: its meaning is the documented one.
	 */
	public List<Problem> problems(Dialect dialect) {
		List<Problem> problems = new ArrayList<>();
		if (targets.size() > MOST_STRINGS) {
			problems.add(new Problem("", "is one of " + targets.size() + " strings: at most " + MOST_STRINGS));
		}
		StatusVocabulary documented = StatusVocabulary.of(dialect);
		targets.forEach((string, target) -> {
			String reason = problem(string, target, documented);
			if (reason != null) {
				problems.add(new Problem(string, reason));
			}
		});
		return problems;
	}

	private static @Nullable String problem(String string, @Nullable Target target, StatusVocabulary documented) {
		if (string.isBlank()) {
			return "must not be blank";
		}
		if (string.length() > LONGEST_STRING) {
			return "must be at most " + LONGEST_STRING + " characters";
		}
		if (Text.hasControlCharacter(string)) {
			return "must not contain control characters";
		}
		if (documented.meaning(string) != CallStatus.UNRECOGNISED) {
			return "is documented by the dialect as " + documented.meaning(string) + ": its meaning cannot be changed";
		}
		if (target == null || target.status() == null) {
			return "needs a status: one of " + MAPPABLE;
		}
		if (!MAPPABLE.contains(target.status())) {
			return "cannot mean " + target.status() + ": one of " + MAPPABLE;
		}
		if (target.status().isFinal() != Boolean.TRUE.equals(target.isFinal())) {
			return "means " + target.status() + ", which is " + (target.status().isFinal() ? "" : "not ")
					+ "final: leave final out or make it " + target.status().isFinal();
		}
		return null;
	}

}
