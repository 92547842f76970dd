package dev.campaigns.orchestrator.net;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.campaigns.orchestrator.net.InternalAddresses.Block;
import org.jspecify.annotations.Nullable;

/**
 * Where this service may send requests a tenant chose the target of (webhooks, stored provider
 * connections): a host whose every address is public, or allowed by an allow-list (a CIDR block
 * the address is in, or the host's own name). A name is looked up once per check, through
 * {@link HostResolver}, and every address it answers is checked; a caller connects only to the
 * addresses returned, or checks again just before each exchange, so a name that answers
 * differently the next time (DNS rebinding) is checked again. Cloud metadata addresses are
 * never allowed.
 */
public final class TargetCheck {

	private final HostResolver resolver;

	private final List<Cidr> allowedBlocks = new ArrayList<>();

	private final Set<String> allowedNames = new HashSet<>();

	/**
	 * @param allowed CIDR blocks, addresses and host names that may be reached although internal
	 * @throws IllegalArgumentException an entry is none of those; the message names the entry
	 */
	public TargetCheck(HostResolver resolver, List<String> allowed) {
		this.resolver = resolver;
		for (String entry : allowed) {
			String text = entry.strip();
			if (text.isEmpty()) {
				continue;
			}
			if (text.contains("/") || HostLiteral.parse(text) != null) {
				allowedBlocks.add(Cidr.parse(text));
			}
			else if (text.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?\\.?")) {
				allowedNames.add(name(text));
			}
			else {
				throw new IllegalArgumentException(
						"'" + entry + "' is neither a CIDR block, an IP address nor a host name");
			}
		}
	}

	/**
	 * Why {@code url} is refused as a target, e.g. {@code must reach a public address: its host
	 * resolves to a private address}, or null when it is not: a host that does not resolve yet is
	 * not refused here, its requests are checked when they are sent.
	 */
	public @Nullable String refusal(String url) {
		String host = host(url);
		if (host == null) {
			return null;
		}
		try {
			addresses(host);
			return null;
		}
		catch (TargetRefused refused) {
			return refused.getMessage();
		}
		catch (UnknownHostException | RuntimeException ex) {
			return null;
		}
	}

	/**
	 * The addresses of {@code host} now, each one checked: a request may connect to one of these.
	 * @throws TargetRefused one of them is internal and not allowed
	 * @throws UnknownHostException the host has no address
	 */
	public List<InetAddress> addresses(String host) throws UnknownHostException {
		InetAddress literal = HostLiteral.parse(host);
		List<InetAddress> addresses = literal != null ? List.of(literal) : resolver.resolve(host);
		if (addresses.isEmpty()) {
			throw new UnknownHostException(host + " has no address");
		}
		boolean nameAllowed = literal == null && allowedNames.contains(name(host));
		for (InetAddress address : addresses) {
			String refusal = refusal(address, nameAllowed, literal != null);
			if (refusal != null) {
				throw new TargetRefused(refusal);
			}
		}
		return addresses;
	}

	private @Nullable String refusal(InetAddress address, boolean nameAllowed, boolean literal) {
		Block block = InternalAddresses.blockOf(address);
		if (block == null) {
			return null;
		}
		boolean metadata = block.kind().equals(InternalAddresses.METADATA);
		if (!metadata && (nameAllowed || allowedBlocks.stream().anyMatch(cidr -> cidr.contains(address)))) {
			return null;
		}
		// the address itself is not told: it would tell a tenant what an internal name resolves to
		return "must reach a public address: its host " + (literal ? "is" : "resolves to") + " a " + block.kind()
				+ " address";
	}

	/** The host of {@code url}, also when {@link URI} reads none (as for {@code http://0x7f.1/}); null when unreadable. */
	public static @Nullable String host(String url) {
		try {
			URI uri = new URI(url);
			if (uri.getHost() != null) {
				return uri.getHost();
			}
			String authority = uri.getRawAuthority();
			if (authority == null) {
				return null;
			}
			String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
			int colon = hostPort.lastIndexOf(':');
			return colon < 0 || hostPort.endsWith("]") ? hostPort : hostPort.substring(0, colon);
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	private static String name(String host) {
		String lower = host.toLowerCase(Locale.ROOT);
		return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
	}

}
