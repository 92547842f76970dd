package dev.campaigns.orchestrator.campaign;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import dev.campaigns.orchestrator.campaign.internal.SettingsJson;
import dev.campaigns.orchestrator.connection.ConnectionRef;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * A campaign as the API shows it (API.md "campaign"), with live counts.
 *
 * @param connection the connection its calls are placed on, by name; null for the default connection
 */
public record CampaignView(String id, String name, CampaignStatus status, @Nullable String statusReason,
		Instant createdAt, Schedule schedule, Retry retry, RateLimit rateLimit,
		@Schema(minimum = "1", maximum = "5", description = "1 (least urgent) to 5 (most urgent)") int priority,
		CallOptions call, @Nullable ConnectionRef connection, Counts counts) {

	public record Schedule(@Nullable Instant startAt, @Nullable Instant endAt, Window callingWindow,
			@Nullable String defaultTimeZone, List<LocalDate> blackoutDates, CampaignCompletion completion) {
	}

	public record Window(String start, String end, List<String> days) {
	}

	/**
	 * The policy as stored: {@code rules} is empty for a campaign that names none (the old
	 * shape), and {@code backoff} and {@code retryOn} apply to the outcomes no rule names.
	 */
	public record Retry(int maxAttempts, String backoff, List<RecipientOutcome> retryOn, List<Rule> rules) {
	}

	/** A retry rule; {@code backoff} is empty and {@code maxAttempts} null where they do not apply. */
	@Schema(name = "RetryRule")
	public record Rule(String on, List<String> backoff, @Nullable Integer maxAttempts, boolean retry) {
	}

	public record Counts(long total, long pending, long dialing, long inCall, long done,
			Map<RecipientOutcome, Long> byOutcome) {
	}

	public static CampaignView of(Campaign campaign, CampaignCounts counts, @Nullable ConnectionRef connection) {
		CampaignSchedule schedule = campaign.schedule();
		var window = schedule.callingWindow();
		return new CampaignView(campaign.id().toString(), campaign.name(), campaign.status(), campaign.statusReason(),
				campaign.createdAt(),
				new Schedule(schedule.startAt(), schedule.endAt(),
						new Window(window.start().toString(), window.end().toString(),
								window.days().stream().sorted().map(SettingsJson::day).toList()),
						schedule.defaultTimeZone() == null ? null : schedule.defaultTimeZone().getId(),
						window.blackoutDates(), schedule.completion()),
				new Retry(campaign.retry().maxAttempts(), campaign.retry().backoff().toString(),
						campaign.retry().retryOn().stream().sorted().toList(),
						campaign.retry().rules().stream()
							.map(rule -> new Rule(rule.on(), rule.backoff().stream().map(Object::toString).toList(),
									rule.maxAttempts(), rule.retry()))
							.toList()),
				campaign.rateLimit(), campaign.priority(), campaign.call(), connection,
				new Counts(counts.total(), counts.pending(), counts.dialing(), counts.inCall(), counts.done(),
						counts.byOutcome()));
	}

}
