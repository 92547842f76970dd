package dev.campaigns.sandbox;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Serves the fake PolyAI API under {@code /sandbox/polyai} when
 * {@code orchestrator.sandbox.enabled} is set: in the orchestrator for local runs and tests,
 * or alone in {@link SandboxServerApplication}. Every sandbox bean comes from here (nothing
 * in the sandbox is component-scanned), so it is defined once wherever it runs.
 *
 * <p>Time comes from the application's {@link Clock} bean when there is exactly one, so a
 * test's settable clock drives call playback and fault expiry; otherwise the system UTC
 * clock. The sandbox registers no clock of its own.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(SandboxAutoConfiguration.ENABLED_PROPERTY)
@EnableConfigurationProperties(SandboxSettings.class)
public class SandboxAutoConfiguration {

	/** The switch that turns the sandbox on. */
	public static final String ENABLED_PROPERTY = "orchestrator.sandbox.enabled";

	@Bean
	CallBook sandboxCallBook() {
		return new CallBook();
	}

	@Bean
	FaultBook sandboxFaultBook() {
		return new FaultBook();
	}

	@Bean
	ScriptedDetections sandboxScriptedDetections() {
		return new ScriptedDetections();
	}

	@Bean
	AgentReporter sandboxAgentReporter(SandboxSettings settings, ObjectProvider<Clock> clocks,
			Environment environment) {
		return new AgentReporter(settings.agent(), settings.detectionTime(), clockOf(clocks),
				environment::resolvePlaceholders);
	}

	@Bean
	Switchboard sandboxSwitchboard(SandboxSettings settings, ObjectProvider<Clock> clocks, CallBook calls,
			FaultBook faults, ScriptedDetections scripts, AgentReporter agent) {
		return new Switchboard(settings, clockOf(clocks), calls, faults, scripts, agent);
	}

	@Bean
	SandboxAgentEndpoints sandboxAgentEndpoints(AgentReporter agent, ScriptedDetections scripts) {
		return new SandboxAgentEndpoints(agent, scripts);
	}

	@Bean
	PolyAiEndpoints sandboxPolyAiEndpoints(Switchboard switchboard) {
		return new PolyAiEndpoints(switchboard);
	}

	/** The dialects' paths on their own servlet, beside Spring MVC's (see {@link PolyAiEndpoints}). */
	@Bean
	ServletRegistrationBean<PolyAiEndpoints> sandboxPolyAiServlet(PolyAiEndpoints endpoints) {
		ServletRegistrationBean<PolyAiEndpoints> registration = new ServletRegistrationBean<>(endpoints,
				PolyAiEndpoints.MAPPINGS.toArray(String[]::new));
		registration.setName("sandboxPolyAi");
		registration.setAsyncSupported(true);
		return registration;
	}

	@Bean
	SandboxControlEndpoints sandboxControlEndpoints(CallBook calls, FaultBook faults, SandboxSettings settings,
			ObjectProvider<Clock> clocks, AgentReporter agent) {
		return new SandboxControlEndpoints(calls, faults, settings, clockOf(clocks), agent);
	}

	private static Clock clockOf(ObjectProvider<Clock> clocks) {
		return clocks.getIfUnique(Clock::systemUTC);
	}

}
