package dev.campaigns.sandbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Who picks up each call to a number, as a test scripted it ({@code _detections}): every call
 * to a scripted number is answered, by what the script names, whatever the weights say.
 */
final class ScriptedDetections {

	private final Map<String, Detection> byNumber = new ConcurrentHashMap<>();

	void script(String number, Detection detection) {
		byNumber.put(number, detection);
	}

	/** Who picks up calls to the number (as dialled, in E.164), or null to draw it. */
	@Nullable Detection of(String dialledNumber) {
		return byNumber.get(dialledNumber);
	}

	Map<String, Detection> all() {
		return Map.copyOf(byNumber);
	}

	void clear() {
		byNumber.clear();
	}

}
