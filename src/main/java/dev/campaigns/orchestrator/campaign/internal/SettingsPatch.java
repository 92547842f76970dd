package dev.campaigns.orchestrator.campaign.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.campaigns.orchestrator.campaign.Campaign;
import dev.campaigns.orchestrator.campaign.CallOptions;
import dev.campaigns.orchestrator.campaign.CampaignSchedule;
import dev.campaigns.orchestrator.campaign.RateLimit;
import dev.campaigns.orchestrator.campaign.RetryPolicy;
import dev.campaigns.orchestrator.schedule.CallingWindow;
import org.jspecify.annotations.Nullable;

/**
 * A campaign edit as JSON merge patch (RFC 7396) over the settings in create's shape: the
 * stored settings rendered as that document, the patch merged into it (then validated as a
 * create would be), and the fields that changed, old and new value. Pure.
 */
public final class SettingsPatch {

	private SettingsPatch() {
	}

	/** One field an edit changed, by its path in create's shape ({@code schedule.callingWindow.start}). */
	public record Change(String field, @Nullable Object before, @Nullable Object after) {

		/** {@code rateLimit.callsPerMinute: 60 → 120}; a removed value reads {@code none}. */
		public String text() {
			return field + ": " + value(before) + " → " + value(after);
		}

		private static String value(@Nullable Object value) {
			return value == null ? "none" : value.toString();
		}

	}

	/** The settings of a stored campaign as create's document. */
	public static Map<String, Object> of(Campaign campaign) {
		return of(campaign.name(), campaign.schedule(), campaign.retry(), campaign.rateLimit(), campaign.priority(),
				campaign.call());
	}

	/** Valid settings as create's document, each value as the API spells it (null: absent). */
	public static Map<String, Object> of(CampaignSettingsValidation.Settings settings) {
		return of(settings.name(), settings.schedule(), settings.retry(), settings.rateLimit(), settings.priority(),
				settings.call());
	}

	private static Map<String, Object> of(String name, CampaignSchedule schedule, RetryPolicy retry, RateLimit rate,
			int priority, CallOptions call) {
		CallingWindow window = schedule.callingWindow();
		Map<String, Object> callingWindow = new LinkedHashMap<>();
		callingWindow.put("start", window.start().toString());
		callingWindow.put("end", window.end().toString());
		callingWindow.put("days", window.days().stream().sorted().map(SettingsJson::day).toList());
		Map<String, Object> scheduleMap = new LinkedHashMap<>();
		scheduleMap.put("startAt", schedule.startAt() == null ? null : schedule.startAt().toString());
		scheduleMap.put("endAt", schedule.endAt() == null ? null : schedule.endAt().toString());
		scheduleMap.put("callingWindow", callingWindow);
		scheduleMap.put("defaultTimeZone", schedule.defaultTimeZone() == null ? null : schedule.defaultTimeZone().getId());
		scheduleMap.put("blackoutDates", window.blackoutDates().stream().sorted().map(LocalDate::toString).toList());
		scheduleMap.put("completion", schedule.completion().name());
		Map<String, Object> rateMap = new LinkedHashMap<>();
		rateMap.put("callsPerMinute", rate.callsPerMinute());
		rateMap.put("maxConcurrentCalls", rate.maxConcurrentCalls());
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("name", name);
		document.put("schedule", scheduleMap);
		document.put("retry", SettingsJson.retry(retry));
		document.put("rateLimit", rateMap);
		document.put("priority", priority);
		document.put("call", SettingsJson.call(call));
		return document;
	}

	/**
	 * RFC 7396: {@code patch} merged into {@code target} (neither is changed). A member whose
	 * value is null is removed, an object merges member by member, anything else replaces.
	 */
	public static Map<String, Object> merge(Map<String, ?> target, Map<String, ?> patch) {
		Map<String, Object> merged = new LinkedHashMap<>(target);
		patch.forEach((field, value) -> {
			if (value == null) {
				merged.remove(field);
			}
			else if (value instanceof Map<?, ?> patchObject) {
				Object current = merged.get(field);
				merged.put(field, merge(current instanceof Map<?, ?> object ? strings(object) : Map.of(),
						strings(patchObject)));
			}
			else {
				merged.put(field, value);
			}
		});
		return merged;
	}

	/** Every leaf (a value or a whole list) that differs, in the document's order; absent equals null. */
	public static List<Change> changes(Map<String, ?> before, Map<String, ?> after) {
		List<Change> changes = new ArrayList<>();
		changes("", before, after, changes);
		return changes;
	}

	private static void changes(String prefix, Map<String, ?> before, Map<String, ?> after, List<Change> changes) {
		Set<String> fields = new LinkedHashSet<>(before.keySet());
		fields.addAll(after.keySet());
		for (String field : fields) {
			Object old = before.get(field);
			Object now = after.get(field);
			if (old instanceof Map<?, ?> oldObject && now instanceof Map<?, ?> newObject) {
				changes(prefix + field + ".", strings(oldObject), strings(newObject), changes);
			}
			else if (!Objects.equals(old, now)) {
				changes.add(new Change(prefix + field, old, now));
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> strings(Map<?, ?> object) {
		return (Map<String, Object>) object;
	}

}
