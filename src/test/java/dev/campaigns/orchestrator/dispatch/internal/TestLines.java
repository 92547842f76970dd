package dev.campaigns.orchestrator.dispatch.internal;

import dev.campaigns.orchestrator.connection.CallLines;
import dev.campaigns.orchestrator.connection.Line;
import dev.campaigns.orchestrator.provider.OutboundCalls;

/** Lines for a test's replica: the default connection through the test's port, stored ones as the service opens them. */
final class TestLines {

	private TestLines() {
	}

	static CallLines defaultTo(OutboundCalls calls, CallLines stored) {
		Line line = new Line(Line.DEFAULT, null, 0, calls, null, null, null, null);
		return (connection, version) -> connection == null ? line : stored.line(connection, version);
	}

}
