package dev.campaigns.orchestrator.notify.internal;

import java.net.http.HttpClient;
import java.time.Clock;

import dev.campaigns.orchestrator.notify.NotifySettings;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotifySettings.class)
class NotifyConfiguration {

	@Bean
	DeliveryRecorder deliveryRecorder(WebhookStore store, NotifySettings settings, Clock clock, MeterRegistry meters) {
		return new DeliveryRecorder(store, settings, clock, meters);
	}

	@Bean
	DeliverySender deliverySender(DeliveryRecorder recorder, WebhookStore store, NotifySettings settings, Clock clock,
			MeterRegistry meters) {
		// redirects are not followed: a signed body goes only where the subscriber said
		HttpClient http = HttpClient.newBuilder()
			.connectTimeout(settings.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		DeliverySender sender = new DeliverySender(http, recorder, store, settings, clock);
		meters.gauge("orchestrator.notify.deliveries.in-flight", sender.inFlight(), InFlight::count);
		return sender;
	}

	@Bean
	PostgresWebhookDeliverer webhookDeliverer(WebhookStore store, DeliverySender sender, NotifySettings settings) {
		return new PostgresWebhookDeliverer(store, sender, settings);
	}

}
