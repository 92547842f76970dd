package dev.campaigns.orchestrator.connection.internal;

import dev.campaigns.orchestrator.connection.CallLines;
import dev.campaigns.orchestrator.connection.ConnectionSettings;
import dev.campaigns.orchestrator.net.HostResolver;
import dev.campaigns.orchestrator.net.TargetCheck;
import dev.campaigns.orchestrator.provider.OutboundCalls;
import dev.campaigns.orchestrator.provider.OutboundCallsFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ConnectionConfiguration {

	/** The default connection is the {@link OutboundCalls} of {@code orchestrator.provider.*}. */
	/**
	 * Where stored connections may send: public addresses, and the internal ones of
	 * {@code allowed-internal-targets} (loopback too with {@code allow-loopback-http}); named,
	 * as webhooks have a check of their own.
	 */
	@Bean
	TargetCheck connectionTargets(ConnectionSettings settings, ObjectProvider<HostResolver> resolver) {
		return new TargetCheck(resolver.getIfAvailable(() -> HostResolver.SYSTEM), settings.internalTargets());
	}

	@Bean
	CallLines callLines(OutboundCalls defaultCalls, ConnectionStore store, ConnectionSettings settings,
			OutboundCallsFactory factory, @Qualifier("connectionTargets") TargetCheck targets) {
		return new CachedCallLines(defaultCalls, store, new CredentialCipher(settings), factory, targets);
	}

}
