package dev.campaigns.orchestrator.provider.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RawAnswerTests {

	@Test
	void aShortAnswerIsKeptAsItCameWithItsLineBreaksAndTabs() {
		String body = "{\n\t\"status\": \"voicemail\",\r\n\t\"note\": \"caf\u00e9 \u2603 \uD83D\uDE00\"\n}";

		assertThat(RawAnswer.safe(body)).isEqualTo(body);
	}

	@Test
	void otherControlCharactersAndUnpairedSurrogatesBecomeReplacementCharacters() {
		assertThat(RawAnswer.safe("a\u0000b\u001bc\u007fd\u0085e\uD800f\uDC00"))
			.isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFD");
	}

	@Test
	void aLongAnswerIsCutAtFourKilobytesAndMarked() {
		String cut = RawAnswer.safe("x".repeat(10_000));

		assertThat(cut).hasSize(RawAnswer.MAX_LENGTH + 1).endsWith("x…");
		assertThat(RawAnswer.safe("x".repeat(RawAnswer.MAX_LENGTH))).isEqualTo("x".repeat(RawAnswer.MAX_LENGTH));
	}

	@Test
	void aCutNeverSplitsACharacter() {
		String body = "x".repeat(RawAnswer.MAX_LENGTH - 1) + "\uD83D\uDE00" + "tail";

		assertThat(RawAnswer.safe(body)).isEqualTo("x".repeat(RawAnswer.MAX_LENGTH - 1) + "…");
	}

}
