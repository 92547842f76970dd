package dev.campaigns.orchestrator.provider.internal;

/**
 * A provider's raw status string made safe to store and show: control characters (NUL
 * included, which PostgreSQL refuses in text) become U+FFFD, and it is cut to
 * {@link #MAX_LENGTH} characters. Its meaning is read from the string as answered.
 */
final class RawStatus {

	/** The longest raw status kept; no dialect's documented status comes near it. */
	static final int MAX_LENGTH = 100;

	private RawStatus() {
	}

	static String safe(String raw) {
		StringBuilder safe = new StringBuilder(Math.min(raw.length(), MAX_LENGTH + 1));
		for (int i = 0; i < raw.length() && safe.length() < MAX_LENGTH; i++) {
			char c = raw.charAt(i);
			safe.append(Character.isISOControl(c) ? '\uFFFD' : c);
		}
		if (raw.length() > MAX_LENGTH) {
			safe.append('…');
		}
		return safe.toString();
	}

}
