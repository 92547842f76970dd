package dev.campaigns.orchestrator.campaign.internal;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.campaigns.orchestrator.campaign.CallOptions;
import dev.campaigns.orchestrator.campaign.RecipientOutcome;
import dev.campaigns.orchestrator.campaign.RetryPolicy;
import dev.campaigns.orchestrator.campaign.RetryRule;
import dev.campaigns.orchestrator.schedule.CallingWindow;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The jsonb columns of {@code campaign}, in the same shape as the API shows them. */
public final class SettingsJson {

	private final JsonMapper json;

	public SettingsJson(JsonMapper json) {
		this.json = json;
	}

	/** {@code MON}, {@code TUE}, ... as the API spells days. */
	public static String day(DayOfWeek day) {
		return day.getDisplayName(TextStyle.SHORT, Locale.ROOT).toUpperCase(Locale.ROOT);
	}

	public static Map<String, Object> window(CallingWindow window) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("start", window.start().toString());
		map.put("end", window.end().toString());
		map.put("days", EnumSet.copyOf(window.days().isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : window.days())
			.stream()
			.map(SettingsJson::day)
			.toList());
		map.put("blackoutDates", window.blackoutDates().stream().map(LocalDate::toString).toList());
		return map;
	}

	public static Map<String, Object> retry(RetryPolicy retry) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("maxAttempts", retry.maxAttempts());
		map.put("backoff", retry.backoff().toString());
		map.put("retryOn", retry.retryOn().stream().sorted().map(Enum::name).toList());
		map.put("rules", retry.rules().stream().map(SettingsJson::rule).toList());
		return map;
	}

	private static Map<String, Object> rule(RetryRule rule) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("on", rule.on());
		map.put("backoff", rule.backoff().stream().map(Duration::toString).toList());
		map.put("maxAttempts", rule.maxAttempts());
		map.put("retry", rule.retry());
		return map;
	}

	public static Map<String, Object> call(CallOptions call) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("environment", call.environment());
		map.put("variantId", call.variantId());
		map.put("encryption", call.encryption());
		map.put("connection", call.connection() == null ? null : call.connection().toString());
		return map;
	}

	String write(Object value) {
		return json.writeValueAsString(value);
	}

	public CallingWindow readWindow(String text) {
		JsonNode node = json.readTree(text);
		Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
		node.get("days").forEach(day -> {
			for (DayOfWeek candidate : DayOfWeek.values()) {
				if (day(candidate).equals(day.asString())) {
					days.add(candidate);
				}
			}
		});
		List<LocalDate> blackout = new ArrayList<>();
		node.get("blackoutDates").forEach(date -> blackout.add(LocalDate.parse(date.asString())));
		return new CallingWindow(LocalTime.parse(node.get("start").asString()),
				LocalTime.parse(node.get("end").asString()), days, blackout);
	}

	public RetryPolicy readRetry(String text) {
		JsonNode node = json.readTree(text);
		Set<RecipientOutcome> retryOn = EnumSet.noneOf(RecipientOutcome.class);
		node.get("retryOn").forEach(outcome -> retryOn.add(RecipientOutcome.valueOf(outcome.asString())));
		// a policy stored before rules existed has none
		List<RetryRule> rules = new ArrayList<>();
		JsonNode stored = node.get("rules");
		if (stored != null) {
			stored.forEach(rule -> rules.add(readRule(rule)));
		}
		return new RetryPolicy(node.get("maxAttempts").asInt(), Duration.parse(node.get("backoff").asString()),
				retryOn, rules);
	}

	private static RetryRule readRule(JsonNode node) {
		List<Duration> backoff = new ArrayList<>();
		node.get("backoff").forEach(duration -> backoff.add(Duration.parse(duration.asString())));
		JsonNode maxAttempts = node.get("maxAttempts");
		return new RetryRule(node.get("on").asString(), backoff,
				maxAttempts == null || maxAttempts.isNull() ? null : maxAttempts.asInt(), node.get("retry").asBoolean());
	}

	public CallOptions readCall(String text) {
		JsonNode node = json.readTree(text);
		String connection = textOrNull(node, "connection");
		return new CallOptions(textOrNull(node, "environment"), textOrNull(node, "variantId"),
				textOrNull(node, "encryption"), connection == null ? null : UUID.fromString(connection));
	}

	private static String textOrNull(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return value == null || value.isNull() ? null : value.asString();
	}

}
