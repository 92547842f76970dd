package dev.campaigns.orchestrator.connection.internal;

import dev.campaigns.orchestrator.connection.CallLines;
import dev.campaigns.orchestrator.connection.ConnectionSettings;
import dev.campaigns.orchestrator.provider.OutboundCalls;
import dev.campaigns.orchestrator.provider.OutboundCallsFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ConnectionConfiguration {

	/** The default connection is the {@link OutboundCalls} of {@code orchestrator.provider.*}. */
	@Bean
	CallLines callLines(OutboundCalls defaultCalls, ConnectionStore store, ConnectionSettings settings,
			OutboundCallsFactory factory) {
		return new CachedCallLines(defaultCalls, store, new CredentialCipher(settings), factory);
	}

}
