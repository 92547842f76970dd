package dev.campaigns.orchestrator;

/** Rules for the free text clients send: names, ids, metadata values, reasons. */
public final class Text {

	private Text() {
	}

	/**
	 * Whether the text holds a control character (C0, DEL, C1, the Unicode line and paragraph
	 * separators), which ends SIP headers and log lines, or an unpaired surrogate, which is no
	 * character at all and which UTF-8 would store as {@code ?}.
	 */
	public static boolean hasControlCharacter(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
				return true;
			}
			if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return true;
			}
		}
		return false;
	}

}
