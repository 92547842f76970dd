package dev.campaigns.orchestrator.notify.internal;

import java.net.http.HttpClient;

import dev.campaigns.orchestrator.notify.NotifySettings;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotifySettings.class)
class NotifyConfiguration {

	@Bean
	PostgresWebhookDeliverer webhookDeliverer(WebhookStore store, NotifySettings settings, MeterRegistry meters) {
		// redirects are not followed: a signed body goes only where the subscriber said
		HttpClient http = HttpClient.newBuilder()
			.connectTimeout(settings.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		return new PostgresWebhookDeliverer(store, http, settings, meters);
	}

}
