package dev.campaigns.orchestrator.notify;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Looks a webhook's host name up, once per check: the addresses it answers are the ones
 * checked, and the only ones a delivery may connect to. Production asks the system resolver;
 * tests answer what they need, DNS rebinding included.
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
