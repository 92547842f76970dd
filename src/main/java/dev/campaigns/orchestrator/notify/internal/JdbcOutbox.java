package dev.campaigns.orchestrator.notify.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;

import dev.campaigns.orchestrator.notify.Outbox;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The outbox as one insert on the caller's (transaction-bound) connection. */
@Component
class JdbcOutbox implements Outbox {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	private final Clock clock;

	JdbcOutbox(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Override
	public void record(String tenant, String eventType, Map<String, ?> payload) {
		if (!EVENT_TYPES.contains(eventType)) {
			throw new IllegalArgumentException("unknown event type: " + eventType);
		}
		jdbc.sql("insert into outbox (tenant, event_type, payload, created_at)"
				+ " values (:tenant, :type, cast(:payload as jsonb), :now)")
			.param("tenant", tenant)
			.param("type", eventType)
			.param("payload", json.writeValueAsString(payload))
			.param("now", Timestamp.from(clock.instant()))
			.update();
	}

}
