package dev.campaigns.orchestrator.dispatch.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import dev.campaigns.orchestrator.campaign.CampaignStopped;
import dev.campaigns.orchestrator.campaign.RecipientCancelled;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.context.event.EventListener;

/**
 * Whether a campaign's triggers may still leave: a trigger leaves only while its campaign was
 * seen {@code RUNNING} within the last {@link #freshness()} (read with the round's due work, or
 * again here, one query for every campaign due a look), and a pause or cancel is answered only
 * {@link #freshness()} after it committed. So once a pause or cancel has answered, no replica
 * sends another trigger of that campaign, by construction; on the replica that paused, its
 * triggers stop at once. A recipient cancelled through the API while claimed is held the same
 * way ({@link #open(long, Instant, Instant)}).
 */
class SendGate {

	private final JdbcClient jdbc;

	private final Clock clock;

	private final Duration freshness;

	/** When each campaign was last seen running (absent: not seen running, or stopped here). */
	private final Map<UUID, Instant> seenRunning = new ConcurrentHashMap<>();

	private final Set<UUID> stopped = ConcurrentHashMap.newKeySet();

	/**
	 * Recipients cancelled on this replica while being dialled, with when: needed only until a
	 * trigger claimed before the cancel must read the recipient again ({@link #freshness()}
	 * after its claim, so before the cancel's answer), then pruned.
	 */
	private final Map<Long, Instant> cancelled = new ConcurrentHashMap<>();

	SendGate(JdbcClient jdbc, Clock clock, Duration freshness) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.freshness = freshness;
	}

	/** How long a campaign's running status is trusted, and how long a pause waits before it answers. */
	Duration freshness() {
		return freshness;
	}

	/** A round read these campaigns running, with a read that started at {@code readAt}. */
	void seenRunning(List<UUID> campaigns, Instant readAt) {
		campaigns.forEach(id -> {
			stopped.remove(id);
			seenRunning.merge(id, readAt, (known, read) -> read.isAfter(known) ? read : known);
		});
	}

	/** Whether a trigger of the campaign may leave at {@code at}: it was seen running recently enough. */
	boolean open(UUID campaign, Instant at) {
		if (stopped.contains(campaign)) {
			return false;
		}
		Instant seen = seenRunning.get(campaign);
		if (seen == null || seen.plus(freshness).isBefore(at)) {
			look(campaign);
			seen = seenRunning.get(campaign);
		}
		return seen != null && !seen.plus(freshness).isBefore(at) && !stopped.contains(campaign);
	}

	/** Reads again whether the campaign (and every other one whose last look is half stale) is running. */
	private synchronized void look(UUID campaign) {
		Instant readAt = clock.instant();
		Instant seen = seenRunning.get(campaign);
		if (seen != null && !seen.plus(freshness.dividedBy(2)).isBefore(readAt)) {
			// another thread looked meanwhile
			return;
		}
		Set<UUID> asked = ConcurrentHashMap.newKeySet();
		asked.add(campaign);
		seenRunning.forEach((id, at) -> {
			if (at.plus(freshness.dividedBy(2)).isBefore(readAt)) {
				asked.add(id);
			}
		});
		List<UUID> running = jdbc.sql("select id from campaign where id = any(cast(:ids as uuid[])) and status = 'RUNNING'")
			.param("ids", asked.stream().map(UUID::toString).toArray(String[]::new))
			.query(UUID.class)
			.list();
		asked.forEach(id -> {
			if (running.contains(id)) {
				seenRunning.put(id, readAt);
			}
			else {
				seenRunning.remove(id);
			}
		});
	}

	/**
	 * Whether the recipient's trigger may leave at {@code at}: it was not cancelled here, and it
	 * was seen not cancelled within the last {@link #freshness()} (by its claim, read from
	 * {@code readAt}, or by a read here), as a campaign must be seen running.
	 */
	boolean open(long recipientId, Instant readAt, Instant at) {
		if (cancelled.containsKey(recipientId)) {
			return false;
		}
		if (!readAt.plus(freshness).isBefore(at)) {
			return true;
		}
		return jdbc.sql("select cancel_requested_at is null from recipient where id = :id")
			.param("id", recipientId)
			.query(Boolean.class)
			.optional()
			.orElse(false) && !cancelled.containsKey(recipientId);
	}

	/**
	 * A cancel of a recipient being dialled committed on this replica: its trigger here stays
	 * unsent, and the answer waits until every replica's view of it as not cancelled is stale.
	 */
	@EventListener
	void recipientCancelled(RecipientCancelled event) {
		Instant now = clock.instant();
		// a trigger claimed before an older cancel has read the recipient again by now
		cancelled.values().removeIf(at -> at.plus(freshness.multipliedBy(2)).isBefore(now));
		cancelled.put(event.recipientId(), now);
		parkFor(freshness);
	}


	/**
	 * A pause or cancel committed on this replica: its triggers here stop at once, and the answer
	 * waits until every replica's view of the campaign as running is stale.
	 */
	@EventListener
	void campaignStopped(CampaignStopped event) {
		UUID id = event.campaign().value();
		stopped.add(id);
		seenRunning.remove(id);
		parkFor(freshness);
	}

	private void parkFor(Duration duration) {
		long until = System.nanoTime() + duration.toNanos();
		for (long left = duration.toNanos(); left > 0; left = until - System.nanoTime()) {
			LockSupport.parkNanos(this, left);
		}
	}

}
