package dev.campaigns.orchestrator.campaign.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.campaigns.orchestrator.campaign.CallOptions;
import dev.campaigns.orchestrator.campaign.Campaign;
import dev.campaigns.orchestrator.campaign.CampaignId;
import dev.campaigns.orchestrator.campaign.CampaignSchedule;
import dev.campaigns.orchestrator.campaign.CampaignStatus;
import dev.campaigns.orchestrator.campaign.RateLimit;
import dev.campaigns.orchestrator.campaign.RetryPolicy;
import dev.campaigns.orchestrator.schedule.CallingWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class SettingsPatchTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	/** RFC 7396, appendix A: target, patch, result. */
	static List<String[]> rfc7396Examples() {
		return List.of(new String[] { "{\"a\":\"b\"}", "{\"a\":\"c\"}", "{\"a\":\"c\"}" },
				new String[] { "{\"a\":\"b\"}", "{\"b\":\"c\"}", "{\"a\":\"b\",\"b\":\"c\"}" },
				new String[] { "{\"a\":\"b\"}", "{\"a\":null}", "{}" },
				new String[] { "{\"a\":\"b\",\"b\":\"c\"}", "{\"a\":null}", "{\"b\":\"c\"}" },
				new String[] { "{\"a\":[\"b\"]}", "{\"a\":\"c\"}", "{\"a\":\"c\"}" },
				new String[] { "{\"a\":\"c\"}", "{\"a\":[\"b\"]}", "{\"a\":[\"b\"]}" },
				new String[] { "{\"a\":{\"b\":\"c\"}}", "{\"a\":{\"b\":\"d\",\"c\":null}}", "{\"a\":{\"b\":\"d\"}}" },
				new String[] { "{\"a\":[{\"b\":\"c\"}]}", "{\"a\":[1]}", "{\"a\":[1]}" },
				new String[] { "{\"e\":null}", "{\"a\":1}", "{\"e\":null,\"a\":1}" },
				new String[] { "{}", "{\"a\":{\"bb\":{\"ccc\":null}}}", "{\"a\":{\"bb\":{}}}" },
				new String[] { "{\"a\":{\"b\":1,\"c\":2}}", "{\"a\":{\"c\":3}}", "{\"a\":{\"b\":1,\"c\":3}}" });
	}

	@ParameterizedTest
	@MethodSource("rfc7396Examples")
	void mergesAsRfc7396Says(String target, String patch, String result) {
		assertThat(SettingsPatch.merge(map(target), map(patch))).isEqualTo(map(result));
	}

	@Test
	void mergingChangesNeitherTheTargetNorThePatch() {
		Map<String, Object> target = map("{\"a\":{\"b\":1}}");
		Map<String, Object> patch = map("{\"a\":{\"b\":null}}");

		SettingsPatch.merge(target, patch);

		assertThat(target).isEqualTo(map("{\"a\":{\"b\":1}}"));
		assertThat(patch).isEqualTo(map("{\"a\":{\"b\":null}}"));
	}

	@Test
	void listsEachChangedLeafWithItsOldAndNewValueAndNothingElse() {
		Map<String, Object> before = SettingsPatch.of(campaign(null, new RateLimit(60, 20)));
		Map<String, Object> after = SettingsPatch.of(campaign(Instant.parse("2030-02-01T00:00:00Z"), new RateLimit(120, 20)));

		assertThat(SettingsPatch.changes(before, after).stream().map(SettingsPatch.Change::text))
			.containsExactly("schedule.endAt: none → 2030-02-01T00:00:00Z", "rateLimit.callsPerMinute: 60 → 120");
		assertThat(SettingsPatch.changes(before, before)).isEmpty();
	}

	@Test
	void rendersTheSettingsInCreatesShapeWithTheWindowsBlackoutDatesInTheSchedule() {
		Map<String, Object> document = SettingsPatch.of(campaign(null, RateLimit.DEFAULT));

		assertThat(document).containsOnlyKeys("name", "schedule", "retry", "rateLimit", "priority", "call");
		assertThat(json.writeValueAsString(document.get("schedule"))).isEqualTo("{\"startAt\":null,\"endAt\":null,"
				+ "\"callingWindow\":{\"start\":\"09:00\",\"end\":\"20:00\",\"days\":[\"MON\",\"TUE\",\"WED\",\"THU\","
				+ "\"FRI\",\"SAT\"]},\"defaultTimeZone\":\"Europe/London\",\"blackoutDates\":[],"
				+ "\"completion\":\"WHEN_DONE\"}");
	}

	private static Campaign campaign(Instant endAt, RateLimit rate) {
		return new Campaign(new CampaignId(UUID.randomUUID()), "t", "Reminders", CampaignStatus.RUNNING, null,
				new CampaignSchedule(null, endAt, CallingWindow.DEFAULT, ZoneId.of("Europe/London")), RetryPolicy.DEFAULT,
				rate, 3, CallOptions.DEFAULT, Instant.EPOCH, 0);
	}

	private static Map<String, Object> map(String text) {
		return json.readValue(text, new TypeReference<Map<String, Object>>() {
		});
	}

}
