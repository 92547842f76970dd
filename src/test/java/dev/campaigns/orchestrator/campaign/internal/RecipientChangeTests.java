package dev.campaigns.orchestrator.campaign.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.campaigns.orchestrator.campaign.RecipientDraft;
import dev.campaigns.orchestrator.campaign.RecipientPatch;
import dev.campaigns.orchestrator.campaign.RecipientPatch.Given;
import dev.campaigns.orchestrator.campaign.RecipientState;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A patch applied to a stored recipient, as ingest's validation will read it. */
class RecipientChangeTests {

	private static final Instant NINE = Instant.parse("2030-01-07T09:00:00Z");

	private static RecipientUpdateStore.Stored stored(List<String> zones) {
		return new RecipientUpdateStore.Stored(7, RecipientState.PENDING, null, "+442079469000", null, zones, "appt-1",
				Map.of("name", "Ann", "slot", "10:30"), NINE, null, NINE, 0);
	}

	private static RecipientPatch patch(@Nullable Given<String> phoneNumber, @Nullable Given<String> timeZone,
			@Nullable Given<Map<String, @Nullable Object>> metadata) {
		return new RecipientPatch(phoneNumber, null, timeZone, null, null, metadata);
	}

	@Test
	void fieldsAbsentKeepTheirValuesAndTheOneZoneStays() {
		RecipientDraft draft = RecipientChange.draft(stored(List.of("Europe/London")), patch(null, null, null));

		assertThat(draft.phoneNumber()).isEqualTo("+442079469000");
		assertThat(draft.externalId()).isEqualTo("appt-1");
		assertThat(draft.timeZone()).isEqualTo("Europe/London");
		assertThat(draft.notBefore()).isEqualTo("2030-01-07T09:00:00Z");
		assertThat(draft.notAfter()).isNull();
		assertThat(draft.metadata()).containsOnlyKeys("name", "slot");
	}

	@Test
	void aNewNumberOrSeveralZonesAreDerivedAgainAndNullClearsTheZone() {
		assertThat(RecipientChange.draft(stored(List.of("Europe/London")),
				patch(new Given<>("+12125550100"), null, null)).timeZone()).isNull();
		assertThat(RecipientChange.draft(stored(List.of("America/New_York", "America/Chicago")),
				patch(null, null, null)).timeZone()).isNull();
		assertThat(RecipientChange.draft(stored(List.of("Europe/London")),
				patch(null, new Given<>(null), null)).timeZone()).isNull();
		assertThat(RecipientChange.draft(stored(List.of("Europe/London")),
				patch(new Given<>(" +442079469000 "), null, null)).timeZone()).as("the same number").isEqualTo(
						"Europe/London");
	}

	@Test
	void metadataMergesKeyByKeyAndNullRemovesAll() {
		Map<String, @Nullable Object> changes = new HashMap<>();
		changes.put("slot", "16:30");
		changes.put("name", null);
		changes.put("room", 4);

		assertThat(RecipientChange.draft(stored(List.of()), patch(null, null, new Given<>(changes))).metadata())
			.isEqualTo(Map.of("slot", "16:30", "room", 4));
		assertThat(RecipientChange.draft(stored(List.of()), patch(null, null, new Given<>(null))).metadata()).isEmpty();
	}

	@Test
	void numbersAreMaskedInTheListOfChanges() {
		assertThat(RecipientChange.masked("+442079469005")).isEqualTo("+44*******005");
		assertThat(RecipientChange.masked("+4412")).isEqualTo("*****");
	}

}
