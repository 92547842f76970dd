package dev.campaigns.orchestrator.campaign.internal;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.campaigns.orchestrator.Text;
import dev.campaigns.orchestrator.campaign.CallOptions;
import dev.campaigns.orchestrator.campaign.CampaignCompletion;
import dev.campaigns.orchestrator.campaign.CampaignDraft;
import dev.campaigns.orchestrator.campaign.CampaignSchedule;
import dev.campaigns.orchestrator.campaign.FieldError;
import dev.campaigns.orchestrator.campaign.RateLimit;
import dev.campaigns.orchestrator.campaign.RetryPolicy;
import dev.campaigns.orchestrator.schedule.CallingWindow;
import dev.campaigns.orchestrator.schedule.TimeZones;
import org.jspecify.annotations.Nullable;

/**
 * The campaign-level rules: a name, a sane schedule, window, retry policy, rates, priority
 * and provider options. Absent sections take the documented defaults. Pure.
 */
public final class CampaignSettingsValidation {

	/** A campaign's priority when it names none: the middle of 1 (least urgent) to 5 (most urgent). */
	public static final int DEFAULT_PRIORITY = 3;

	static final Set<String> ENVIRONMENTS = Set.of("sandbox", "pre-release", "live");

	static final Set<String> ENCRYPTIONS = Set.of("TLS/SRTP", "TLS/RTP", "UDP/SRTP", "UDP/RTP");

	private static final Map<String, DayOfWeek> DAYS = Map.of("MON", DayOfWeek.MONDAY, "TUE", DayOfWeek.TUESDAY,
			"WED", DayOfWeek.WEDNESDAY, "THU", DayOfWeek.THURSDAY, "FRI", DayOfWeek.FRIDAY, "SAT",
			DayOfWeek.SATURDAY, "SUN", DayOfWeek.SUNDAY);

	private CampaignSettingsValidation() {
	}

	/** Valid campaign settings. */
	public record Settings(String name, CampaignSchedule schedule, RetryPolicy retry, RateLimit rateLimit,
			int priority, CallOptions call) {
	}

	/** The settings, or null with every problem added to {@code errors}. */
	public static @Nullable Settings validate(CampaignDraft draft, List<FieldError> errors) {
		int before = errors.size();
		String name = draft.name() == null ? null : draft.name().trim();
		if (name == null || name.isEmpty()) {
			errors.add(FieldError.ofCampaign("name", "is required"));
		}
		else if (name.length() > 200 || Text.hasControlCharacter(name)) {
			errors.add(FieldError.ofCampaign("name", "must be at most 200 characters, without control characters"));
		}
		CampaignSchedule schedule = schedule(draft.schedule(), errors);
		RetryPolicy retry = RetryValidation.retry(draft.retry(), errors);
		RateLimit rate = rate(draft.rateLimit(), errors);
		int priority = priority(draft.priority(), errors);
		CallOptions call = call(draft.call(), errors);
		return errors.size() > before ? null : new Settings(name, schedule, retry, rate, priority, call);
	}

	private static CampaignSchedule schedule(CampaignDraft.@Nullable Schedule draft, List<FieldError> errors) {
		if (draft == null) {
			return new CampaignSchedule(null, null, CallingWindow.DEFAULT, null);
		}
		Instant startAt = instant("schedule.startAt", draft.startAt(), errors);
		Instant endAt = instant("schedule.endAt", draft.endAt(), errors);
		if (startAt != null && endAt != null && !endAt.isAfter(startAt)) {
			errors.add(FieldError.ofCampaign("schedule.endAt", "must be after schedule.startAt"));
		}
		ZoneId zone = null;
		if (draft.defaultTimeZone() != null) {
			zone = TimeZones.iana(draft.defaultTimeZone().trim()).orElse(null);
			if (zone == null) {
				errors.add(FieldError.ofCampaign("schedule.defaultTimeZone",
						"must be an IANA time zone such as Europe/London"));
			}
		}
		List<LocalDate> blackout = new ArrayList<>();
		if (draft.blackoutDates() != null) {
			for (int i = 0; i < draft.blackoutDates().size(); i++) {
				String date = draft.blackoutDates().get(i);
				try {
					blackout.add(LocalDate.parse(date == null ? "" : date.trim()));
				}
				catch (DateTimeParseException ex) {
					errors.add(FieldError.ofCampaign("schedule.blackoutDates[" + i + "]",
							"must be a date such as 2026-12-25"));
				}
			}
		}
		CallingWindow window = window(draft.callingWindow(), blackout, errors);
		return new CampaignSchedule(startAt, endAt, window, zone, completion(draft.completion(), errors));
	}

	private static CallingWindow window(CampaignDraft.@Nullable Window draft, List<LocalDate> blackout,
			List<FieldError> errors) {
		if (draft == null) {
			return new CallingWindow(CallingWindow.DEFAULT.start(), CallingWindow.DEFAULT.end(),
					CallingWindow.DEFAULT.days(), blackout);
		}
		LocalTime start = time("schedule.callingWindow.start", draft.start(), CallingWindow.DEFAULT.start(), errors);
		LocalTime end = time("schedule.callingWindow.end", draft.end(), CallingWindow.DEFAULT.end(), errors);
		if (start != null && start.equals(end)) {
			errors.add(FieldError.ofCampaign("schedule.callingWindow.end", "must differ from the start"));
		}
		Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
		if (draft.days() == null) {
			days.addAll(CallingWindow.DEFAULT.days());
		}
		else {
			for (int i = 0; i < draft.days().size(); i++) {
				String day = draft.days().get(i);
				DayOfWeek parsed = day == null ? null : DAYS.get(day.trim().toUpperCase(Locale.ROOT));
				if (parsed == null) {
					errors.add(FieldError.ofCampaign("schedule.callingWindow.days[" + i + "]",
							"must be one of MON, TUE, WED, THU, FRI, SAT, SUN"));
				}
				else {
					days.add(parsed);
				}
			}
			if (draft.days().isEmpty()) {
				errors.add(FieldError.ofCampaign("schedule.callingWindow.days", "must name at least one day"));
			}
		}
		if (start == null || end == null) {
			return CallingWindow.DEFAULT;
		}
		return new CallingWindow(start, end, days, blackout);
	}

	private static RateLimit rate(CampaignDraft.@Nullable Rate draft, List<FieldError> errors) {
		if (draft == null) {
			return RateLimit.DEFAULT;
		}
		int perMinute = draft.callsPerMinute() == null ? RateLimit.DEFAULT.callsPerMinute() : draft.callsPerMinute();
		int concurrent = draft.maxConcurrentCalls() == null ? RateLimit.DEFAULT.maxConcurrentCalls()
				: draft.maxConcurrentCalls();
		if (perMinute < 1 || perMinute > 60_000) {
			errors.add(FieldError.ofCampaign("rateLimit.callsPerMinute", "must be between 1 and 60000"));
		}
		if (concurrent < 1 || concurrent > 10_000) {
			errors.add(FieldError.ofCampaign("rateLimit.maxConcurrentCalls", "must be between 1 and 10000"));
		}
		return new RateLimit(Math.max(1, perMinute), Math.max(1, concurrent));
	}

	private static int priority(@Nullable Integer priority, List<FieldError> errors) {
		if (priority == null) {
			return DEFAULT_PRIORITY;
		}
		if (priority < 1 || priority > 5) {
			errors.add(FieldError.ofCampaign("priority", "must be between 1 and 5"));
			return DEFAULT_PRIORITY;
		}
		return priority;
	}

	private static CallOptions call(CampaignDraft.@Nullable Call draft, List<FieldError> errors) {
		if (draft == null) {
			return CallOptions.DEFAULT;
		}
		if (draft.environment() != null && !ENVIRONMENTS.contains(draft.environment())) {
			errors.add(FieldError.ofCampaign("call.environment", "must be one of sandbox, pre-release, live"));
		}
		if (draft.encryption() != null && !ENCRYPTIONS.contains(draft.encryption())) {
			errors.add(FieldError.ofCampaign("call.encryption", "must be one of TLS/SRTP, TLS/RTP, UDP/SRTP, UDP/RTP"));
		}
		if (draft.variantId() != null
				&& (draft.variantId().length() > 200 || Text.hasControlCharacter(draft.variantId()))) {
			errors.add(FieldError.ofCampaign("call.variantId", "must be at most 200 characters, without control characters"));
		}
		UUID connection = null;
		if (draft.connection() != null) {
			try {
				connection = UUID.fromString(draft.connection().strip());
			}
			catch (IllegalArgumentException ex) {
				errors.add(FieldError.ofCampaign("call.connection", "must be a provider connection's id (a UUID)"));
			}
		}
		return new CallOptions(draft.environment(), draft.variantId(), draft.encryption(), connection);
	}

	private static @Nullable Instant instant(String field, @Nullable String value, List<FieldError> errors) {
		if (value == null) {
			return null;
		}
		Instant instant = Instants.parse(value);
		if (instant == null) {
			errors.add(FieldError.ofCampaign(field, "must be an ISO-8601 instant with an offset, e.g. 2026-11-23T07:00:00Z"));
		}
		return instant;
	}

	private static CampaignCompletion completion(@Nullable String value, List<FieldError> errors) {
		if (value == null) {
			return CampaignCompletion.WHEN_DONE;
		}
		try {
			return CampaignCompletion.valueOf(value.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			errors.add(FieldError.ofCampaign("schedule.completion", "must be one of WHEN_DONE, AT_END"));
			return CampaignCompletion.WHEN_DONE;
		}
	}

	private static @Nullable LocalTime time(String field, @Nullable String value, LocalTime fallback,
			List<FieldError> errors) {
		if (value == null) {
			return fallback;
		}
		try {
			return LocalTime.parse(value.trim());
		}
		catch (DateTimeParseException ex) {
			errors.add(FieldError.ofCampaign(field, "must be a local time such as 09:00"));
			return null;
		}
	}

}
