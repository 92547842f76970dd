package dev.campaigns.orchestrator.connection.internal;

import dev.campaigns.orchestrator.connection.ConnectionSettings.InvalidConnectionSetting;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a connection key setting that cannot work as the property and its reason, without a stack trace. */
class InvalidConnectionSettingAnalyzer extends AbstractFailureAnalyzer<InvalidConnectionSetting> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidConnectionSetting cause) {
		return new FailureAnalysis("The connection setting " + cause.property() + " " + cause.reason() + ".",
				"Change " + cause.property() + " (see docs/provider.md, \"Connections\", for the keys and their rotation).",
				cause);
	}

}
