package dev.campaigns.sandbox;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The sandbox's own JSON: it reads and writes its wire format with this mapper rather than
 * the application's, so the host application's Jackson settings never change what the fake
 * API looks like.
 */
final class SandboxJson {

	static final JsonMapper MAPPER = JsonMapper.builder()
		// a misspelt fault option must be refused, not silently ignored
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private SandboxJson() {
	}

	static ResponseEntity<String> reply(HttpStatus status, Object body) {
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.body(MAPPER.writeValueAsString(body));
	}

	static ResponseEntity<String> reply(Rejection rejection) {
		return reply(rejection.status(), new ErrorBody(rejection.error(), rejection.message()));
	}

	/** Every sandbox error body: a short code and a reason. */
	record ErrorBody(String error, String message) {
	}

}
