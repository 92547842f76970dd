package dev.campaigns.orchestrator.net;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Which addresses are not the public internet's: a request a tenant aimed there (a webhook, a
 * stored provider connection's trigger) would reach this deployment's own network (OWASP API7,
 * server-side request forgery). An IPv6 address that carries an IPv4 one (IPv4-mapped
 * {@code ::ffff:a.b.c.d}, IPv4-compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::/96}, 6to4
 * {@code 2002::/16}) is judged by the IPv4 address it carries.
 */
final class InternalAddresses {

	/** A kind of internal address: its name, as a refusal says it. */
	record Block(Cidr cidr, String kind) {

		static Block of(String cidr, String kind) {
			return new Block(Cidr.parse(cidr), kind);
		}

	}

	static final String METADATA = "cloud metadata";

	/** The cloud providers' instance metadata services: never a target, whatever is allowed. */
	static final List<Block> METADATA_BLOCKS = List.of(Block.of("169.254.169.254", METADATA),
			Block.of("169.254.170.2", METADATA), Block.of("100.100.100.200", METADATA),
			Block.of("fd00:ec2::254", METADATA));

	/** First match wins: the metadata services before the ranges that hold them. */
	static final List<Block> BLOCKS = List.of(METADATA_BLOCKS.get(0), METADATA_BLOCKS.get(1), METADATA_BLOCKS.get(2),
			METADATA_BLOCKS.get(3), Block.of("0.0.0.0/8", "unspecified"), Block.of("10.0.0.0/8", "private"),
			Block.of("100.64.0.0/10", "carrier-grade NAT"), Block.of("127.0.0.0/8", "loopback"),
			Block.of("169.254.0.0/16", "link-local"), Block.of("172.16.0.0/12", "private"),
			Block.of("192.0.0.0/24", "IETF protocol assignment"), Block.of("192.168.0.0/16", "private"),
			Block.of("198.18.0.0/15", "benchmarking"), Block.of("224.0.0.0/4", "multicast"),
			Block.of("240.0.0.0/4", "reserved"), Block.of("::/128", "unspecified"), Block.of("::1/128", "loopback"),
			Block.of("fc00::/7", "private (unique local)"), Block.of("fe80::/10", "link-local"),
			Block.of("fec0::/10", "site-local"), Block.of("ff00::/8", "multicast"));

	// written as bytes: Java reads the text ::ffff:0:0 as the IPv4 address 0.0.0.0
	private static final Cidr MAPPED = new Cidr(
			new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0 }, 96);

	private static final Cidr UNSPECIFIED_OR_LOOPBACK = Cidr.parse("::/127");

	private static final Cidr COMPATIBLE = Cidr.parse("::/96");

	private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");

	private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");

	private InternalAddresses() {
	}

	/** The block {@code address} is in, e.g. {@code loopback}, or null when it is a public address. */
	static @Nullable Block blockOf(InetAddress address) {
		byte[] bytes = address.getAddress();
		byte[] carried = carriedIpv4(bytes);
		byte[] judged = carried == null ? bytes : carried;
		for (Block block : BLOCKS) {
			if (block.cidr().contains(judged)) {
				return block;
			}
		}
		return null;
	}

	static boolean isMetadata(InetAddress address) {
		Block block = blockOf(address);
		return block != null && block.kind().equals(METADATA);
	}

	/** The IPv4 address an IPv6 one carries, or null. {@code ::} and {@code ::1} carry none. */
	private static byte @Nullable [] carriedIpv4(byte[] bytes) {
		if (bytes.length != 16) {
			return null;
		}
		if (MAPPED.contains(bytes) || NAT64.contains(bytes)) {
			return Arrays.copyOfRange(bytes, 12, 16);
		}
		if (COMPATIBLE.contains(bytes) && !UNSPECIFIED_OR_LOOPBACK.contains(bytes)) {
			return Arrays.copyOfRange(bytes, 12, 16);
		}
		if (SIX_TO_FOUR.contains(bytes)) {
			return Arrays.copyOfRange(bytes, 2, 6);
		}
		return null;
	}

}
