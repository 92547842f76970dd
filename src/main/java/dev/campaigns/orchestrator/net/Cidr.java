package dev.campaigns.orchestrator.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A block of addresses, {@code 10.0.0.0/8} or {@code fc00::/7}; a bare address is a block of
 * one. IPv4 and IPv6 blocks never contain each other's addresses.
 */
record Cidr(byte[] network, int prefix) {

	Cidr {
		network = network.clone();
		if (prefix < 0 || prefix > network.length * 8) {
			throw new IllegalArgumentException("prefix " + prefix + " out of range");
		}
	}

	/**
	 * Parses {@code address[/prefix]}, the address written as IPv4 dotted quad or IPv6 text.
	 * @throws IllegalArgumentException it is not such a block
	 */
	static Cidr parse(String text) {
		String trimmed = text.strip();
		int slash = trimmed.indexOf('/');
		String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
		InetAddress parsed = HostLiteral.parse(address);
		if (parsed == null || address.isEmpty()) {
			throw new IllegalArgumentException("not an IP address or CIDR block: " + text);
		}
		byte[] bytes = parsed.getAddress();
		try {
			int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(trimmed.substring(slash + 1));
			return new Cidr(bytes, prefix);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("not an IP address or CIDR block: " + text, ex);
		}
	}

	boolean contains(InetAddress address) {
		return contains(address.getAddress());
	}

	boolean contains(byte[] address) {
		if (address.length != network.length) {
			return false;
		}
		int whole = prefix / 8;
		for (int i = 0; i < whole; i++) {
			if (address[i] != network[i]) {
				return false;
			}
		}
		int rest = prefix % 8;
		if (rest == 0) {
			return true;
		}
		int mask = (0xff << (8 - rest)) & 0xff;
		return (address[whole] & mask) == (network[whole] & mask);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Cidr cidr && cidr.prefix == prefix && Arrays.equals(cidr.network, network);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(network) + prefix;
	}

	@Override
	public String toString() {
		try {
			return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
