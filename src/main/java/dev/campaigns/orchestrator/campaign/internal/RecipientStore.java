package dev.campaigns.orchestrator.campaign.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.campaigns.orchestrator.campaign.CampaignId;
import dev.campaigns.orchestrator.campaign.RecipientOutcome;
import dev.campaigns.orchestrator.campaign.RecipientState;
import dev.campaigns.orchestrator.campaign.RecipientView;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static dev.campaigns.orchestrator.campaign.internal.CampaignStore.instant;

/** Reading the {@code recipient} table (index {@code recipient_by_campaign}). */
@Repository
public class RecipientStore {

	private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {
	};

	private static final String FILTER = " where campaign_id = :id"
			+ " and (cast(:state as text) is null or state = :state)"
			+ " and (cast(:outcome as text) is null or outcome = :outcome)";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	RecipientStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	public List<RecipientView> page(CampaignId id, @Nullable RecipientState state, @Nullable RecipientOutcome outcome,
			int page, int size) {
		return jdbc.sql("select id, phone_number, external_id, state, outcome, outcome_reason, attempts, time_zones,"
				+ " next_attempt_at, not_before, not_after, last_call_sid, metadata::text as metadata from recipient"
				+ FILTER + " order by id limit :size offset :offset")
			.param("id", id.value())
			.param("state", state == null ? null : state.name())
			.param("outcome", outcome == null ? null : outcome.name())
			.param("size", size)
			.param("offset", (long) page * size)
			.query(this::recipient)
			.list();
	}

	public long count(CampaignId id, @Nullable RecipientState state, @Nullable RecipientOutcome outcome) {
		return jdbc.sql("select count(*) from recipient" + FILTER)
			.param("id", id.value())
			.param("state", state == null ? null : state.name())
			.param("outcome", outcome == null ? null : outcome.name())
			.query(Long.class)
			.single();
	}

	private RecipientView recipient(ResultSet rs, int row) throws SQLException {
		String outcome = rs.getString("outcome");
		Array zones = rs.getArray("time_zones");
		return new RecipientView(rs.getLong("id"), rs.getString("phone_number"), rs.getString("external_id"),
				RecipientState.valueOf(rs.getString("state")), outcome == null ? null : RecipientOutcome.valueOf(outcome),
				rs.getString("outcome_reason"), rs.getInt("attempts"),
				Arrays.asList((String[]) zones.getArray()), instant(rs, "next_attempt_at"), instant(rs, "not_before"),
				instant(rs, "not_after"), rs.getString("last_call_sid"), json.readValue(rs.getString("metadata"), METADATA));
	}

}
