package dev.campaigns.orchestrator.notify.internal;

import java.time.Clock;

import dev.campaigns.orchestrator.net.HostResolver;
import dev.campaigns.orchestrator.net.TargetCheck;
import dev.campaigns.orchestrator.notify.NotifySettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotifySettings.class)
class NotifyConfiguration {

	/** Where webhooks may go; named, as the connection module has a check of its own. */
	@Bean
	TargetCheck webhookTargets(NotifySettings settings, ObjectProvider<HostResolver> resolver) {
		try {
			return new TargetCheck(resolver.getIfAvailable(() -> HostResolver.SYSTEM),
					settings.allowedInternalTargets());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("orchestrator.notify.allowed-internal-targets: " + ex.getMessage(), ex);
		}
	}

	@Bean
	DeliveryRecorder deliveryRecorder(WebhookStore store, NotifySettings settings, Clock clock, MeterRegistry meters) {
		return new DeliveryRecorder(store, settings, clock, meters);
	}

	@Bean
	DeliverySender deliverySender(@Qualifier("webhookTargets") TargetCheck targets, DeliveryRecorder recorder, WebhookStore store,
			NotifySettings settings, Clock clock, MeterRegistry meters) {
		WebhookExchange exchange = new WebhookExchange(client(targets, settings), settings.requestTimeout(),
				settings.maxAnswerSize().toBytes());
		DeliverySender sender = new DeliverySender(exchange, recorder, store, settings, clock);
		meters.gauge("orchestrator.notify.deliveries.in-flight", sender.inFlight(), InFlight::count);
		return sender;
	}

	@Bean
	PostgresWebhookDeliverer webhookDeliverer(WebhookStore store, DeliverySender sender, NotifySettings settings) {
		return new PostgresWebhookDeliverer(store, sender, settings);
	}

	/**
	 * The only client deliveries use: its connections go to checked addresses only (ADR 0002).
	 * Redirects are not followed (a signed body goes only where the subscriber said), and nothing
	 * is kept between tenants' receivers: no cookies, no credentials, no proxy, no retries.
	 */
	private static CloseableHttpClient client(TargetCheck targets, NotifySettings settings) {
		ConnectionConfig connection = ConnectionConfig.custom()
			.setConnectTimeout(Timeout.of(settings.connectTimeout()))
			.setSocketTimeout(Timeout.of(settings.requestTimeout()))
			.setTimeToLive(TimeValue.of(settings.lease()))
			.build();
		return HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setDnsResolver(new CheckedDnsResolver(targets))
				.setDefaultConnectionConfig(connection)
				.setMaxConnTotal(settings.maxInFlight())
				.setMaxConnPerRoute(settings.maxInFlightPerReceiver())
				.build())
			.setDefaultRequestConfig(RequestConfig.custom()
				.setConnectionRequestTimeout(Timeout.of(settings.requestTimeout()))
				.setResponseTimeout(Timeout.of(settings.requestTimeout()))
				.build())
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.disableCookieManagement()
			.disableAuthCaching()
			.disableContentCompression()
			.evictExpiredConnections()
			.build();
	}

}
