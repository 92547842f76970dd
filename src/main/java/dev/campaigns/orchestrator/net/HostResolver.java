package dev.campaigns.orchestrator.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Looks a target's host name up, once per {@link TargetCheck}: the addresses it answers are
 * the ones checked. Production asks the system resolver; tests answer what they need, DNS
 * rebinding included. One bean of this type, when there is one, serves every module's check.
 */
@FunctionalInterface
public interface HostResolver {

	/** The system's resolver, {@link InetAddress#getAllByName(String)}. */
	HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

	/**
	 * The addresses {@code host} has now, at least one.
	 * @throws UnknownHostException it has none, or the lookup failed
	 */
	List<InetAddress> resolve(String host) throws UnknownHostException;

}
