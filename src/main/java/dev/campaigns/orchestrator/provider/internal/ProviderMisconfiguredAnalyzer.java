package dev.campaigns.orchestrator.provider.internal;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports provider settings that cannot work as the property and what to set, without a stack trace. */
class ProviderMisconfiguredAnalyzer extends AbstractFailureAnalyzer<ProviderMisconfigured> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ProviderMisconfigured cause) {
		return new FailureAnalysis("The PolyAI connection cannot work: " + cause.getMessage() + ".",
				"Set " + cause.property() + " (environment variable "
						+ cause.property().toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_')
						+ "), or run locally with ./mvnw spring-boot:run, which points the provider at the built-in sandbox.",
				cause);
	}

}
