package dev.campaigns.orchestrator.campaign.internal;

import dev.campaigns.orchestrator.campaign.IngestLimits;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IngestLimits.class)
class CampaignConfiguration {

	@Bean
	RecipientValidation recipientValidation(JsonMapper json) {
		return new RecipientValidation(json);
	}

	@Bean
	SettingsJson settingsJson(JsonMapper json) {
		return new SettingsJson(json);
	}

}
