package dev.campaigns.orchestrator.provider.internal;

/**
 * A provider's status answer kept as it came, bounded and made safe to store and show: cut to
 * {@link #MAX_LENGTH} characters (never inside a character), control characters other than
 * the line breaks and tabs of a formatted JSON body, and unpaired surrogates, become U+FFFD
 * (PostgreSQL refuses NUL in text; UTF-8 has no unpaired surrogate). What the answer says
 * beyond the status is never lost to a field the dialect does not document.
 */
final class RawAnswer {

	/** The longest answer kept: a status answer is a few hundred bytes. */
	static final int MAX_LENGTH = 4096;

	private RawAnswer() {
	}

	static String safe(String body) {
		StringBuilder safe = new StringBuilder(Math.min(body.length(), MAX_LENGTH) + 1);
		int i = 0;
		while (i < body.length() && safe.length() < MAX_LENGTH) {
			char c = body.charAt(i);
			boolean pair = Character.isHighSurrogate(c) && i + 1 < body.length()
					&& Character.isLowSurrogate(body.charAt(i + 1));
			if (pair) {
				if (safe.length() + 2 > MAX_LENGTH) {
					break;
				}
				safe.append(c).append(body.charAt(i + 1));
				i += 2;
				continue;
			}
			boolean kept = c == '\n' || c == '\r' || c == '\t'
					|| !(Character.isISOControl(c) || Character.isSurrogate(c));
			safe.append(kept ? c : '\uFFFD');
			i++;
		}
		if (i < body.length()) {
			safe.append('…');
		}
		return safe.toString();
	}

}
