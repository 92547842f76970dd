package dev.campaigns.sandbox;

import java.net.URI;
import java.time.Duration;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;


/**
 * The sandbox's agent tool: what the agent on an answered call reports to the calling
 * system, the way a PolyAI function would ({@code orchestrator.sandbox.agent.*}). When a
 * person answers, the agent reports the detection alone once it has told ({@code
 * orchestrator.sandbox.detection-time} after the answer), and its result as the call ends;
 * when anything else answers, it reports its result and hangs up then.
 *
 * @param reportUrl where each report is posted, with the call's id in place of the
 * placeholder {callSid}, e.g. http://localhost:8080/api/v1/calls/{callSid}/outcome; property
 * placeholders in it, such as the server's port, are resolved when a report is posted (default
 * none: the agent reports nothing)
 * @param apiKey the bearer key sent with each report, one holding {@code calls:report}
 * (default none; required with {@code report-url})
 * @param voicemailRetryAfter the {@code retryAt} the agent asks for on voicemail, this long
 * after the call was answered (default none: it asks for nothing and the campaign's rule
 * decides)
 */
public record AgentSettings(@Nullable String reportUrl, @Nullable String apiKey,
		@Nullable Duration voicemailRetryAfter) {

	/** The placeholder {@link #reportUrl()} holds for the call's id. */
	static final String CALL_SID = "{callSid}";

	public AgentSettings {
		if (reportUrl != null && (apiKey == null || apiKey.isBlank())) {
			throw new IllegalArgumentException(
					"orchestrator.sandbox.agent.api-key is required with orchestrator.sandbox.agent.report-url");
		}
		if (reportUrl != null && !reportUrl.contains(CALL_SID)) {
			throw new IllegalArgumentException("orchestrator.sandbox.agent.report-url must hold " + CALL_SID
					+ " where the call's id goes: " + reportUrl);
		}
		// a placeholder (local mode's ${local.server.port}) is resolved when the reports are posted
		if (reportUrl != null && !reportUrl.contains("${")) {
			requireHttpUrl(reportUrl);
		}
		if (voicemailRetryAfter != null && (voicemailRetryAfter.isNegative() || voicemailRetryAfter.isZero())) {
			throw new IllegalArgumentException("orchestrator.sandbox.agent.voicemail-retry-after must be positive");
		}
	}

	/** No agent reports. */
	static AgentSettings none() {
		return new AgentSettings(null, null, null);
	}

	/** Whether the agent reports at all. */
	boolean reports() {
		return reportUrl != null;
	}

	/** The report URL of one call, its placeholders resolved by {@code resolver}. */
	URI reportUrlOf(String callSid, UnaryOperator<String> resolver) {
		return URI.create(resolver.apply(String.valueOf(reportUrl)).replace(CALL_SID, callSid));
	}

	private static void requireHttpUrl(String reportUrl) {
		URI sample;
		try {
			sample = URI.create(reportUrl.replace(CALL_SID, "OUT-sample"));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("orchestrator.sandbox.agent.report-url is not a URL: " + reportUrl, ex);
		}
		if (!("http".equals(sample.getScheme()) || "https".equals(sample.getScheme())) || sample.getHost() == null) {
			throw new IllegalArgumentException(
					"orchestrator.sandbox.agent.report-url must be an http(s) URL with a host: " + reportUrl);
		}
	}

}
