package dev.campaigns.orchestrator.provider.internal;

import java.util.Map;

import dev.campaigns.orchestrator.provider.CallStatus;
import dev.campaigns.orchestrator.provider.Dialect;
import dev.campaigns.orchestrator.provider.StatusMapping;
import dev.campaigns.orchestrator.provider.StatusMapping.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** What a raw status means on a connection with a status mapping: the documented meaning first, then the mapping's. */
class StatusVocabularyTests {

	private static final StatusMapping MAPPING = StatusMapping.of(Map.of("voicemail", new Target(CallStatus.NO_ANSWER,
			null), "agent-transfer", new Target(CallStatus.IN_PROGRESS, false), "Callback Requested",
			new Target(CallStatus.COMPLETED, true)));

	@ParameterizedTest(name = "{0} ''{1}'' means {2}")
	@CsvSource(delimiter = '|', textBlock = """
			outbound-calling-v1 | voicemail          | NO_ANSWER
			outbound-calling-v1 | agent-transfer     | IN_PROGRESS
			outbound-calling-v1 | Callback Requested | COMPLETED
			outbound-calling-v1 | success            | COMPLETED
			outbound-calling-v1 | SUCCESS            | COMPLETED
			outbound-calling-v1 | failure            | FAILED
			outbound-calling-v1 | no-answer          | UNRECOGNISED
			platform-v1         | no-answer          | NO_ANSWER
			platform-v1         | voicemail          | NO_ANSWER
			agents-v1           | voicemail          | NO_ANSWER
			agents-v1           | IN_PROGRESS        | IN_PROGRESS
			outbound-calling-v1 | Voicemail          | UNRECOGNISED
			outbound-calling-v1 | VOICEMAIL          | UNRECOGNISED
			outbound-calling-v1 | ' voicemail'       | UNRECOGNISED
			outbound-calling-v1 | voice_mail         | UNRECOGNISED
			outbound-calling-v1 | callback requested | UNRECOGNISED
			""")
	void aMappedStringMeansItsStatusExactlyAsAnsweredAfterTheDocumentedOnes(String dialect, String raw,
			CallStatus meaning) {
		StatusVocabulary vocabulary = StatusVocabulary.of(dialect(dialect));

		assertThat(vocabulary.meaning(raw, MAPPING)).isEqualTo(meaning);
		assertThat(vocabulary.meaning(raw, StatusMapping.NONE)).isEqualTo(vocabulary.meaning(raw));
	}

	private static Dialect dialect(String id) {
		for (Dialect dialect : Dialect.values()) {
			if (dialect.id().equals(id)) {
				return dialect;
			}
		}
		throw new IllegalArgumentException(id);
	}

}
