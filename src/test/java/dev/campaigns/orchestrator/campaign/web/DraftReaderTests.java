package dev.campaigns.orchestrator.campaign.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.campaigns.orchestrator.campaign.FieldError;
import dev.campaigns.orchestrator.campaign.IngestLimits;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DraftReaderTests {

	/** At most 3 recipients a request. */
	static final IngestLimits limits = new IngestLimits(DataSize.ofMegabytes(64), DataSize.ofMegabytes(512), 3, 1_000,
			32_768, 65_536, 1_000, Duration.ofHours(24));

	static final DraftReader reader = new DraftReader(JsonMapper.builder().build(), limits);

	@Test
	void anAppendOfMoreRecipientsThanTheLimitIsRefusedWithoutReadingPastTheFirstOneOver() {
		// what follows the fourth is not JSON: had it been read, the refusal would say so
		assertThatExceptionOfType(InvalidRecipients.class).isThrownBy(() -> reader.recipients(utf8("[{},{},{},{},{")))
			.satisfies(ex -> assertThat(ex.invalid().errors())
				.containsExactly(FieldError.ofCampaign("recipients", "at most 3 per request")));
	}

	@Test
	void aCampaignWithMoreRecipientsThanTheLimitIsRefusedWithoutReadingPastTheFirstOneOver() {
		assertThatExceptionOfType(InvalidRecipients.class)
			.isThrownBy(() -> reader.campaign(utf8("{\"name\":\"x\",\"recipients\":[{},{},{},{},{")))
			.satisfies(ex -> assertThat(ex.invalid().errors()).singleElement().satisfies(error -> {
				assertThat(error.field()).isEqualTo("recipients");
				assertThat(error.reason()).startsWith("at most 3 per request");
			}));
	}

	@Test
	void onlyTheRecipientsAreCountedNotOtherArraysNorWhatARecipientHolds() {
		byte[] body = utf8("""
				{"name":"x","schedule":{"callingWindow":{"start":"09:00","end":"17:00",
				 "days":["MON","TUE","WED","THU","FRI"]}},
				 "recipients":[{"phoneNumber":"+14155550101","metadata":{"a":"1","b":"2","c":"3","d":"4"}},
				 {"phoneNumber":"+14155550102"},{"phoneNumber":"+14155550103"}]}""");

		assertThat(reader.campaign(body).recipients()).hasSize(3);
		assertThat(reader.recipients(utf8("[{},{},{}]"))).hasSize(3);
	}

	@Test
	void aBodyThatIsNotJsonIsStillNamedForWhatItIs() {
		assertThatExceptionOfType(MalformedRequest.class).isThrownBy(() -> reader.recipients(utf8("[{},{")))
			.satisfies(ex -> assertThat(ex.errors().get(0).reason()).startsWith("is not valid JSON"));
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
