package dev.campaigns.orchestrator.campaign;

import dev.campaigns.orchestrator.campaign.internal.SettingsJson;
import dev.campaigns.orchestrator.schedule.CallingWindow;

import org.springframework.stereotype.Component;

/**
 * Reads a campaign's stored settings columns ({@code calling_window}, {@code call_options}),
 * for modules that query the campaign table in their own hot SQL.
 */
@Component
public class CampaignSettingsReader {

	private final SettingsJson json;

	CampaignSettingsReader(SettingsJson json) {
		this.json = json;
	}

	public CallingWindow window(String callingWindowJson) {
		return json.readWindow(callingWindowJson);
	}

	public CallOptions callOptions(String callOptionsJson) {
		return json.readCall(callOptionsJson);
	}

	public RetryPolicy retryPolicy(String retryPolicyJson) {
		return json.readRetry(retryPolicyJson);
	}

}
