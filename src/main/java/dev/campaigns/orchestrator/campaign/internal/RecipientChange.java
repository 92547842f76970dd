package dev.campaigns.orchestrator.campaign.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.campaigns.orchestrator.campaign.RecipientDraft;
import dev.campaigns.orchestrator.campaign.RecipientPatch;
import org.jspecify.annotations.Nullable;

/**
 * A recipient's update as ingest sees it: the stored recipient with the patch applied, as a
 * {@link RecipientDraft} for {@link RecipientValidation}, and what changed, for its trail.
 * Pure.
 */
public final class RecipientChange {

	private RecipientChange() {
	}

	/**
	 * The recipient as it would be posted with the patch applied. Its zone: the one given; else,
	 * while the number stays, the zone it has (several, derived from the number, are derived
	 * again); a new number without {@code timeZone} has its zones derived from it, as at ingest.
	 */
	public static RecipientDraft draft(RecipientUpdateStore.Stored stored, RecipientPatch patch) {
		String phoneNumber = value(patch.phoneNumber(), stored.phoneNumber());
		boolean newNumber = patch.phoneNumber() != null
				&& !stored.phoneNumber().equals(phoneNumber == null ? null : phoneNumber.trim());
		String keptZone = newNumber || stored.zones().size() != 1 ? null : stored.zones().get(0);
		return new RecipientDraft(phoneNumber, value(patch.countryCode(), stored.countryCode()),
				value(patch.timeZone(), keptZone), stored.externalId(),
				value(patch.notBefore(), text(stored.notBefore())), value(patch.notAfter(), text(stored.notAfter())),
				metadata(stored.metadata(), patch.metadata()));
	}

	/**
	 * What the update changes, one entry a field ({@code notBefore 2030-01-07T10:00:00Z → none}),
	 * empty when nothing does. Numbers are masked as in webhook events; metadata names its keys,
	 * never their values.
	 */
	public static List<String> changes(RecipientUpdateStore.Stored stored, ValidRecipient updated) {
		List<String> changes = new ArrayList<>();
		change(changes, "phoneNumber", masked(stored.phoneNumber()), masked(updated.phoneNumber()));
		change(changes, "countryCode", stored.countryCode(), updated.countryCode());
		change(changes, "timeZone", String.join(",", stored.zones()),
				String.join(",", RecipientPlan.zoneIds(updated.zones())));
		change(changes, "notBefore", text(stored.notBefore()), text(updated.notBefore()));
		change(changes, "notAfter", text(stored.notAfter()), text(updated.notAfter()));
		String metadata = metadataChange(stored.metadata(), updated.metadata());
		if (!metadata.isEmpty()) {
			changes.add("metadata " + metadata);
		}
		return changes;
	}

	/** A number as it may leave the service or be logged: {@code +44*******901}. */
	public static String masked(String phoneNumber) {
		if (phoneNumber.length() <= 6) {
			return "*".repeat(phoneNumber.length());
		}
		return phoneNumber.substring(0, 3) + "*".repeat(phoneNumber.length() - 6)
				+ phoneNumber.substring(phoneNumber.length() - 3);
	}

	private static <T> @Nullable T value(RecipientPatch.@Nullable Given<T> given, @Nullable T stored) {
		return given == null ? stored : given.value();
	}

	private static @Nullable String text(@Nullable Instant instant) {
		return instant == null ? null : instant.toString();
	}

	/** The stored metadata merged with the patch's, key by key (RFC 7396). */
	private static Map<String, @Nullable Object> metadata(Map<String, String> stored,
			RecipientPatch.@Nullable Given<Map<String, @Nullable Object>> patch) {
		if (patch == null) {
			return new LinkedHashMap<>(stored);
		}
		Map<String, @Nullable Object> merged = new LinkedHashMap<>();
		if (patch.value() == null) {
			return merged;
		}
		merged.putAll(stored);
		patch.value().forEach((key, value) -> {
			if (value == null) {
				merged.remove(key);
			}
			else {
				merged.put(key, value);
			}
		});
		return merged;
	}

	private static void change(List<String> changes, String field, @Nullable String before, @Nullable String after) {
		if (!Objects.equals(before, after)) {
			changes.add(field + " " + (before == null ? "none" : before) + " → " + (after == null ? "none" : after));
		}
	}

	private static String metadataChange(Map<String, String> before, Map<String, String> after) {
		List<String> added = after.keySet().stream().filter(key -> !before.containsKey(key)).toList();
		List<String> removed = before.keySet().stream().filter(key -> !after.containsKey(key)).toList();
		List<String> changed = after.keySet()
			.stream()
			.filter(key -> before.containsKey(key) && !before.get(key).equals(after.get(key)))
			.toList();
		List<String> parts = new ArrayList<>();
		if (!added.isEmpty()) {
			parts.add("added [" + String.join(", ", added) + "]");
		}
		if (!changed.isEmpty()) {
			parts.add("changed [" + String.join(", ", changed) + "]");
		}
		if (!removed.isEmpty()) {
			parts.add("removed [" + String.join(", ", removed) + "]");
		}
		return String.join(", ", parts);
	}

}
