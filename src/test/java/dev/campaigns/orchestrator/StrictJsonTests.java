package dev.campaigns.orchestrator;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class StrictJsonTests {

	static final JsonMapper json = StrictJson.mapper(JsonMapper.builder().build());

	@Test
	void countingAnArrayStopsAtTheFirstElementPastTheLimit() {
		byte[] body = ("[" + "{},".repeat(1_000_000) + "{}]").getBytes(StandardCharsets.UTF_8);

		try (JsonParser parser = arrayAt(body)) {
			assertThat(StrictJson.elements(parser, 100_000)).isEqualTo(100_001);
			// three bytes an element: the other 899,999 were never read
			assertThat(parser.currentLocation().getByteOffset()).isLessThan(300_010);
		}
	}

	@Test
	void countingAnArraySkipsWhatItsElementsHold() {
		byte[] body = "[[1,[2,3]],{\"a\":[4,5,6]},7,null]".getBytes(StandardCharsets.UTF_8);

		try (JsonParser parser = arrayAt(body)) {
			assertThat(StrictJson.elements(parser, 10)).isEqualTo(4);
			assertThat(parser.currentToken()).isEqualTo(JsonToken.END_ARRAY);
		}
	}

	@Test
	void whatComesAfterTheFirstElementPastTheLimitIsNeverRead() {
		byte[] body = "[{},{},{},not json at all".getBytes(StandardCharsets.UTF_8);

		try (JsonParser parser = arrayAt(body)) {
			assertThat(StrictJson.elements(parser, 2)).isEqualTo(3);
		}
	}

	private static JsonParser arrayAt(byte[] body) {
		JsonParser parser = json.createParser(body);
		assertThat(parser.nextToken()).isEqualTo(JsonToken.START_ARRAY);
		return parser;
	}

}
