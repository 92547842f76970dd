package dev.campaigns.testsupport;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.campaigns.orchestrator.net.HostResolver;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A DNS whose answers the test sets, name by name, one answer per lookup (the last one kept),
 * as the {@link HostResolver} of every target check in the context; a name without answers
 * does not resolve. Import it, and autowire it to set answers.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ControlledDns {

	private final Map<String, Deque<String>> answers = new ConcurrentHashMap<>();

	@Bean
	HostResolver testResolver() {
		return host -> {
			Deque<String> queue = answers.get(host);
			String answer = queue == null ? null : queue.size() > 1 ? queue.poll() : queue.peek();
			if (answer == null) {
				throw new UnknownHostException(host);
			}
			return List.of(InetAddress.getByName(answer));
		};
	}

	/** {@code host} answers each address in turn, one a lookup, then the last one ever after. */
	public void answer(String host, String... addresses) {
		answers.put(host, new ArrayDeque<>(List.of(addresses)));
	}

}
