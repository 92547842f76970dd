package dev.campaigns.orchestrator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.unit.DataSize;

/**
 * How the API reads JSON bodies, for every endpoint that takes one: unknown fields, wrong
 * types (no coercion of {@code 1.5} or {@code true} into a string, nor of {@code " "} into a
 * number), a field given twice, trailing garbage and bytes that are not UTF-8 are errors,
 * and a body over {@code orchestrator.campaign.max-json-body} is a 413.
 */
public final class StrictJson {

	private StrictJson() {
	}

	/** The service's mapper, made strict. */
	public static JsonMapper mapper(JsonMapper json) {
		return json.rebuild()
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
					DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			// a field given twice is ambiguous: which value the client meant is not ours to guess
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			// that feature alone still turns 1.5 or true into "1.5" or "true", and " " into null
			.withCoercionConfigDefaults(coercion -> coercion.setAcceptBlankAsEmpty(false)
				.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
			.build();
	}

	/**
	 * The whole body, at most {@code limit} bytes of it, also when it comes chunked.
	 *
	 * @throws RequestBodyTooLarge past the limit
	 */
	public static byte[] body(InputStream in, long contentLength, DataSize limit) throws IOException {
		if (contentLength > limit.toBytes()) {
			throw new RequestBodyTooLarge(limit);
		}
		return new BoundedInputStream(in, limit, () -> new RequestBodyTooLarge(limit)).readAllBytes();
	}

	/**
	 * How many elements the array the parser is on holds, counted up to the first one past
	 * {@code max}: their tokens are skipped, never bound to objects, and reading stops there, so a
	 * limit on a count holds whatever the body's size. Answers at most {@code max + 1}; input
	 * that ends or breaks within the array answers what was counted up to there.
	 *
	 * @throws JacksonException for input that is not JSON
	 */
	public static int elements(JsonParser parser, int max) {
		if (parser.currentToken() != JsonToken.START_ARRAY) {
			throw new IllegalStateException("the parser is not at the start of an array");
		}
		int count = 0;
		for (JsonToken token = parser.nextToken(); token != null && token != JsonToken.END_ARRAY; token = parser
			.nextToken()) {
			if (++count > max) {
				break;
			}
			parser.skipChildren();
		}
		return count;
	}

	/** A field's name as an error shows it: quoted when it is blank, so that the error still names one. */
	public static String name(String field) {
		return field.isBlank() ? "\"" + field + "\"" : field;
	}

	/**
	 * Whether the body is UTF-8, strictly: Jackson itself reads overlong forms ({@code C0 AF}
	 * for {@code /}) and encoded surrogates, which no UTF-8 encoder writes.
	 */
	public static boolean isUtf8(byte[] body) {
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
		ByteBuffer in = ByteBuffer.wrap(body);
		CharBuffer out = CharBuffer.allocate(8192);
		while (true) {
			CoderResult result = decoder.decode(in, out, true);
			if (result.isError()) {
				return false;
			}
			if (result.isUnderflow()) {
				return true;
			}
			out.clear();
		}
	}

	/** Where in the body a read failed, as the API names fields ({@code events[1]}), else {@code body}. */
	public static String field(JacksonException ex) {
		List<String> names = new ArrayList<>();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				names.add(name(reference.getPropertyName()));
			}
			else if (reference.getIndex() >= 0 && !names.isEmpty()) {
				names.set(names.size() - 1, names.get(names.size() - 1) + "[" + reference.getIndex() + "]");
			}
		}
		return names.isEmpty() ? "body" : String.join(".", names);
	}

}
