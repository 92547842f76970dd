package dev.campaigns.orchestrator.campaign;

import java.util.Locale;
import java.util.Optional;

/**
 * What an append does with a row whose phone number or externalId is already a recipient of
 * the campaign ({@code ?onDuplicate=}). Rows that repeat each other within one request are
 * refused whatever the choice: which of them should win is not ours to guess.
 */
public enum OnDuplicate {

	/** The request is refused, each such row named: nothing is stored. */
	REJECT,

	/** Such rows are left out and counted; the others are added. */
	SKIP,

	/**
	 * Such rows replace the recipient's notBefore, notAfter, timeZone, countryCode, metadata (and
	 * phoneNumber, when matched by externalId), and re-plan its next attempt, unless it is done or
	 * being dialled; the others are added.
	 */
	UPDATE;

	/** The choice as a query parameter spells it ({@code reject}, {@code skip}, {@code update}), any case. */
	public static Optional<OnDuplicate> of(String value) {
		for (OnDuplicate choice : values()) {
			if (choice.name().equalsIgnoreCase(value.strip())) {
				return Optional.of(choice);
			}
		}
		return Optional.empty();
	}

	public String spelling() {
		return name().toLowerCase(Locale.ROOT);
	}

}
