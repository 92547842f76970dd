package dev.campaigns.orchestrator.dispatch.internal;

import dev.campaigns.orchestrator.dispatch.DispatchSettings.InvalidDispatchSetting;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a dispatch setting that cannot work as the property, its reason and what to do, without a stack trace. */
class InvalidDispatchSettingAnalyzer extends AbstractFailureAnalyzer<InvalidDispatchSetting> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidDispatchSetting cause) {
		return new FailureAnalysis("The dispatch setting " + cause.property() + " " + cause.reason() + ".",
				"Change " + cause.property() + " (see docs/dispatch.md for the settings and how they relate).", cause);
	}

}
