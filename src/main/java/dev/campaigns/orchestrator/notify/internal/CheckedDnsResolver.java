package dev.campaigns.orchestrator.notify.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

import dev.campaigns.orchestrator.net.TargetCheck;
import dev.campaigns.orchestrator.net.TargetRefused;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The webhook client's only way to an address: each connection's host is resolved once and
 * every address checked ({@link TargetCheck}); the client connects to one of exactly those,
 * or, when one is refused, to none ({@link TargetRefused} fails the lookup).
 */
class CheckedDnsResolver implements DnsResolver {

	private final TargetCheck targets;

	CheckedDnsResolver(TargetCheck targets) {
		this.targets = targets;
	}

	@Override
	public InetAddress[] resolve(String host) throws UnknownHostException {
		return targets.addresses(host).toArray(InetAddress[]::new);
	}

	/** Never an unresolved address (the default's answer to none): the socket would look that one up unchecked. */
	@Override
	public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
		return targets.addresses(host).stream().map(address -> new InetSocketAddress(address, port)).toList();
	}

	@Override
	public String resolveCanonicalHostname(String host) throws UnknownHostException {
		// only used for Kerberos/SPNEGO, which webhook deliveries never do; no lookup that could go unchecked
		return host;
	}

}
