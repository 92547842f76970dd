package dev.campaigns.localmode;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports {@link EmbeddedPostgresRefusesRoot} as what to do, without a stack trace. */
class EmbeddedPostgresRefusesRootAnalyzer extends AbstractFailureAnalyzer<EmbeddedPostgresRefusesRoot> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, EmbeddedPostgresRefusesRoot cause) {
		return new FailureAnalysis(EmbeddedPostgresRefusesRoot.SENTENCE,
				"Run ./mvnw spring-boot:run as a non-root user, or set SPRING_DATASOURCE_URL.", cause);
	}

}
