package dev.campaigns.orchestrator.provider;

import dev.campaigns.testsupport.Http;
import dev.campaigns.testsupport.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The configured port, wired by Spring, talking to the in-process sandbox on this server's port. */
@IntegrationTest
class OutboundCallsIntegrationTests {

	@Autowired
	OutboundCalls calls;

	@LocalServerPort
	int port;

	@Test
	void theConfiguredDialectReachesTheSandboxOnThePortThisServerGot() {
		TriggerResult result = calls.trigger(CallRequest.to("+14155550199"));

		assertThat(calls.dialect()).isEqualTo(Dialect.OUTBOUND_CALLING_V1);
		assertThat(result).isInstanceOf(TriggerResult.Accepted.class);
		String callSid = ((TriggerResult.Accepted) result).callSid();
		assertThat(calls.status(callSid)).isInstanceOf(StatusResult.Observed.class);
		assertThat(Http.get("http://localhost:" + port + "/sandbox/polyai/_calls").body()).contains(callSid);
	}

}
