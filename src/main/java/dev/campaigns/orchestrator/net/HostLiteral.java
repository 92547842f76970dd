package dev.campaigns.orchestrator.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * A URL's host written as an address, in every spelling a resolver would accept as one: IPv6
 * text (bracketed or not, IPv4-mapped included) and the classic {@code inet_aton} forms of IPv4,
 * one to four parts, each decimal, octal ({@code 0177}) or hex ({@code 0x7f}):
 * {@code 127.0.0.1}, {@code 2130706433}, {@code 0x7f.1}, {@code 017700000001}. Such a host is
 * never looked up in DNS: the address it spells is the one checked and connected to.
 */
final class HostLiteral {

	private static final long[] LIMITS = { 0xffffffffL, 0xffffffL, 0xffffL, 0xffL };

	private HostLiteral() {
	}

	/** The address {@code host} spells, or null when it is a name. */
	static @Nullable InetAddress parse(String host) {
		String text = host.strip();
		if (text.startsWith("[") && text.endsWith("]")) {
			text = text.substring(1, text.length() - 1);
		}
		if (text.indexOf(':') >= 0) {
			return ipv6(text);
		}
		long[] parts = ipv4Parts(text);
		return parts == null ? null : ipv4(parts);
	}

	private static @Nullable InetAddress ipv6(String text) {
		// only hex digits, colons, dots (an embedded IPv4) and a zone: getByName then parses, never resolves
		if (!text.matches("[0-9a-fA-F:.]+(%[0-9A-Za-z_.-]+)?")) {
			return null;
		}
		try {
			return InetAddress.getByName(text);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	private static long @Nullable [] ipv4Parts(String text) {
		String lower = text.toLowerCase(Locale.ROOT);
		String trimmed = lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
		String[] written = trimmed.split("\\.", -1);
		if (written.length < 1 || written.length > 4) {
			return null;
		}
		long[] parts = new long[written.length];
		for (int i = 0; i < written.length; i++) {
			Long value = number(written[i]);
			if (value == null) {
				return null;
			}
			parts[i] = value;
		}
		return parts;
	}

	private static @Nullable Long number(String part) {
		if (!part.matches("0x[0-9a-f]+|[0-9]+")) {
			return null;
		}
		try {
			if (part.startsWith("0x")) {
				return Long.parseLong(part.substring(2), 16);
			}
			if (part.length() > 1 && part.startsWith("0")) {
				return Long.parseLong(part.substring(1), 8);
			}
			return Long.parseLong(part);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/** a.b.c.d, a.b.c (c is 16 bits), a.b (b is 24 bits), a (32 bits), as inet_aton reads them. */
	private static @Nullable InetAddress ipv4(long[] parts) {
		long value = 0;
		for (int i = 0; i < parts.length - 1; i++) {
			if (parts[i] > 0xff) {
				return null;
			}
			value = (value << 8) | parts[i];
		}
		long last = parts[parts.length - 1];
		if (last > LIMITS[parts.length - 1]) {
			return null;
		}
		value = (value << (8 * (5 - parts.length))) | last;
		byte[] bytes = { (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value };
		try {
			return InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
