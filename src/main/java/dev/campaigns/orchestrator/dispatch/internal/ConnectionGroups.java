package dev.campaigns.orchestrator.dispatch.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.campaigns.orchestrator.connection.CallLines;
import dev.campaigns.orchestrator.connection.Line;
import dev.campaigns.orchestrator.dispatch.internal.ClaimStore.DueCampaign;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A round's due campaigns by provider connection, each group with its connection's line at the
 * newest version its campaigns read, the group served longest ago first. A connection whose
 * line cannot be opened (its credential unreadable) is left out: its campaigns wait, every
 * other connection's go on, and the log says so once a minute, not every round.
 */
class ConnectionGroups {

	private static final Logger log = LoggerFactory.getLogger(ConnectionGroups.class);

	/** How often a connection that cannot be used is said again in the log. */
	private static final Duration REMINDER = Duration.ofMinutes(1);

	private final CallLines lines;

	private final Clock clock;

	/** When each connection that could not be used was last said so. */
	private final Map<UUID, Instant> unusableSaid = new ConcurrentHashMap<>();

	ConnectionGroups(CallLines lines, Clock clock) {
		this.lines = lines;
		this.clock = clock;
	}

	/** The campaigns of one connection, and its line. */
	record Group(Line line, List<DueCampaign> campaigns) {
	}

	/** The groups of {@code due}, by when their campaigns were last served ({@code lastServed}). */
	List<Group> of(List<DueCampaign> due, Map<UUID, Instant> lastServed) {
		Map<@Nullable UUID, List<DueCampaign>> byConnection = new LinkedHashMap<>();
		due.stream()
			.sorted(Comparator.comparing(campaign -> lastServed.getOrDefault(campaign.id(), Instant.MIN)))
			.forEach(campaign -> byConnection.computeIfAbsent(campaign.connection(), id -> new ArrayList<>())
				.add(campaign));
		List<Group> groups = new ArrayList<>();
		for (List<DueCampaign> campaigns : byConnection.values()) {
			Line line = line(campaigns);
			if (line != null) {
				groups.add(new Group(line, campaigns));
			}
		}
		return groups;
	}

	private @Nullable Line line(List<DueCampaign> campaigns) {
		UUID connection = campaigns.get(0).connection();
		long version = campaigns.stream().mapToLong(DueCampaign::version).max().orElse(0);
		try {
			return lines.line(connection, version);
		}
		catch (RuntimeException ex) {
			Instant now = clock.instant();
			Instant said = connection == null ? null : unusableSaid.get(connection);
			if (said == null || !now.isBefore(said.plus(REMINDER))) {
				if (connection != null) {
					unusableSaid.put(connection, now);
				}
				log.error("Provider connection {} cannot be used, its {} campaigns wait: {}", connection,
						campaigns.size(), ex.getMessage());
			}
			return null;
		}
	}

}
