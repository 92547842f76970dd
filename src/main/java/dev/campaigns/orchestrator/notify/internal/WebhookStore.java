package dev.campaigns.orchestrator.notify.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.campaigns.orchestrator.notify.internal.Webhooks.Delivery;
import dev.campaigns.orchestrator.notify.internal.Webhooks.Subscription;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The webhook SQL, in one place. Routing takes unrouted outbox rows oldest first (index
 * {@code outbox_unrouted}); the claim takes due deliveries (index
 * {@code webhook_delivery_due}) of receivers with room and moves {@code next_attempt_at} to the
 * lease's end, so a dead replica's deliveries come back; the listing reads
 * {@code webhook_delivery_by_subscription}. Every subscription query is scoped by tenant.
 */
@Repository
class WebhookStore {

	private static final String SUBSCRIPTION_COLUMNS = "id, url, event_types, secret, previous_secret,"
			+ " previous_secret_expires_at, created_at";

	/**
	 * A subscription's receiver, as the deliverer counts them: its URL's scheme, host and port
	 * as written, in lower case (URLs are validated: http or https, a host, no user info; one
	 * that does not match is a receiver of its own).
	 */
	static final String RECEIVER = "coalesce(lower(substring(s.url from '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]+')),"
			+ " s.url)";

	/**
	 * The claim: due deliveries oldest first, passing over full receivers' (index
	 * {@code webhook_delivery_due}), at most a receiver's room of each; binds {@code :now},
	 * {@code :lease}, {@code :n}, {@code :scan}, {@code :full}, {@code :busy} and {@code :busyRoom}
	 * (parallel arrays) and {@code :room}.
	 */
	private static final String CLAIM = """
			with candidates as (
			    select d.id, d.next_attempt_at, %1$s as receiver
			    from webhook_delivery d join webhook_subscription s on s.id = d.subscription_id
			    where d.state = 'PENDING' and d.next_attempt_at <= :now and %1$s <> all (cast(:full as text[]))
			    order by d.next_attempt_at
			    limit :scan
			    for update of d skip locked
			), chosen as (
			    select c.id
			    from (select id, next_attempt_at, receiver,
			                 row_number() over (partition by receiver order by next_attempt_at, id) as place
			          from candidates) c
			    left join unnest(cast(:busy as text[]), cast(:busyRoom as int[])) as b (receiver, room)
			      on b.receiver = c.receiver
			    where c.place <= coalesce(b.room, :room)
			    order by c.next_attempt_at, c.id
			    limit :n
			), d as (
			    update webhook_delivery d set next_attempt_at = :lease, attempts = d.attempts + 1,
			        last_attempt_at = :now
			    where d.id in (select id from chosen)
			    returning d.id, d.subscription_id, d.outbox_id, d.attempts
			)
			select d.id, d.attempts, o.id as event_id, o.event_type, o.created_at, o.payload::text as payload,
			       s.url, s.secret,
			       case when s.previous_secret_expires_at > :now then s.previous_secret end as previous_secret,
			       %1$s as receiver
			from d join outbox o on o.id = d.outbox_id join webhook_subscription s on s.id = d.subscription_id
			order by d.id
			""".formatted(RECEIVER);

	private final JdbcClient jdbc;

	WebhookStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	// subscriptions ---------------------------------------------------------------

	void insert(String tenant, Subscription subscription) {
		jdbc.sql("insert into webhook_subscription (id, tenant, url, event_types, secret, created_at)"
				+ " values (:id, :tenant, :url, :events, :secret, :createdAt)")
			.param("id", subscription.id())
			.param("tenant", tenant)
			.param("url", subscription.url())
			.param("events", subscription.events().toArray(String[]::new))
			.param("secret", subscription.secret())
			.param("createdAt", Timestamp.from(subscription.createdAt()))
			.update();
	}

	List<Subscription> list(String tenant, int limit) {
		return jdbc.sql("select " + SUBSCRIPTION_COLUMNS + " from webhook_subscription"
				+ " where tenant = :tenant and active order by created_at desc, id limit :limit")
			.param("tenant", tenant)
			.param("limit", limit)
			.query((rs, row) -> subscription(rs))
			.list();
	}

	Optional<Subscription> find(String tenant, UUID id) {
		return jdbc.sql("select " + SUBSCRIPTION_COLUMNS + " from webhook_subscription"
				+ " where id = :id and tenant = :tenant and active")
			.param("id", id)
			.param("tenant", tenant)
			.query((rs, row) -> subscription(rs))
			.optional();
	}

	/** Deletes the subscription and, with it, its deliveries. */
	boolean delete(String tenant, UUID id) {
		return jdbc.sql("delete from webhook_subscription where id = :id and tenant = :tenant")
			.param("id", id)
			.param("tenant", tenant)
			.update() == 1;
	}

	/** The current secret becomes the previous one, valid until {@code previousUntil}. */
	boolean rotate(String tenant, UUID id, String secret, Instant previousUntil) {
		return jdbc.sql("""
				update webhook_subscription set previous_secret = secret, secret = :secret,
				    previous_secret_expires_at = :until
				where id = :id and tenant = :tenant and active
				""")
			.param("secret", secret)
			.param("until", Timestamp.from(previousUntil))
			.param("id", id)
			.param("tenant", tenant)
			.update() == 1;
	}

	boolean retirePrevious(String tenant, UUID id) {
		return jdbc.sql("update webhook_subscription set previous_secret = null, previous_secret_expires_at = null"
				+ " where id = :id and tenant = :tenant and active")
			.param("id", id)
			.param("tenant", tenant)
			.update() == 1;
	}

	// deliveries ------------------------------------------------------------------

	/**
	 * Routes up to {@code n} unrouted outbox events: one pending delivery per active
	 * subscription of the event's tenant and type; answers how many events were routed.
	 */
	int route(int n, Instant now) {
		return jdbc.sql("""
				with o as (
				    select id, tenant, event_type from outbox
				    where routed_at is null
				    order by id
				    limit :n
				    for update skip locked
				), d as (
				    insert into webhook_delivery (subscription_id, outbox_id, state, next_attempt_at, created_at)
				    select s.id, o.id, 'PENDING', :now, :now
				    from o join webhook_subscription s
				      on s.tenant = o.tenant and s.active and o.event_type = any (s.event_types)
				    on conflict on constraint webhook_delivery_once do nothing
				)
				update outbox set routed_at = :now where id in (select id from o)
				""")
			.param("n", n)
			.param("now", Timestamp.from(now))
			.update();
	}

	/** A delivery claimed for one try, with what it takes to send it, until {@code leaseUntil}. */
	record Claimed(long id, int attempt, long eventId, String type, Instant occurredAt, String payload, String url,
			String secret, @Nullable String previousSecret, String receiver, Instant leaseUntil) {
	}

	/**
	 * Claims up to {@code n} due deliveries until {@code leaseUntil}, counting the try now
	 * (a try cut short by a crash still counts), at most {@code room.of(receiver)} of each
	 * receiver's: a full receiver's deliveries are passed over before the rows are counted, so its
	 * backlog never crowds out another's. The previous secret comes along only while it is valid.
	 */
	List<Claimed> claim(int n, ReceiverRoom room, Instant now, Instant leaseUntil) {
		return jdbc.sql(CLAIM)
			.param("lease", Timestamp.from(leaseUntil))
			.param("now", Timestamp.from(now))
			.param("n", n)
			// rows locked before the shares are cut: a busy receiver's backlog may fill them, and the others wait a
			// round, until it is full and passed over
			.param("scan", n * room.perReceiver())
			.param("full", room.full().toArray(String[]::new))
			.param("busy", room.busy().keySet().toArray(String[]::new))
			.param("busyRoom", room.busy().values().toArray(Integer[]::new))
			.param("room", room.perReceiver())
			.query((rs, row) -> new Claimed(rs.getLong("id"), rs.getInt("attempts"), rs.getLong("event_id"),
					rs.getString("event_type"), rs.getTimestamp("created_at").toInstant(), rs.getString("payload"),
					rs.getString("url"), rs.getString("secret"), rs.getString("previous_secret"),
					rs.getString("receiver"), leaseUntil))
			.list();
	}

	/** A claimed delivery that was not sent is due again at {@code now}, its try not counted. */
	void release(Claimed delivery, Instant now) {
		jdbc.sql("""
				update webhook_delivery set next_attempt_at = :now, attempts = attempts - 1
				where id = :id and state = 'PENDING' and attempts = :attempt
				""")
			.param("now", Timestamp.from(now))
			.param("id", delivery.id())
			.param("attempt", delivery.attempt())
			.update();
	}

	void delivered(Claimed delivery, int status, Instant now) {
		jdbc.sql("""
				update webhook_delivery set state = 'DELIVERED', delivered_at = :now, next_attempt_at = null,
				    last_status = :status, last_error = null
				where id = :id and state = 'PENDING' and attempts = :attempt
				""")
			.param("now", Timestamp.from(now))
			.param("status", status)
			.param("id", delivery.id())
			.param("attempt", delivery.attempt())
			.update();
	}

	/** A failed try: tried again at {@code next}, or dead when {@code next} is null. */
	void failed(Claimed delivery, @Nullable Integer status, String error, @Nullable Instant next) {
		jdbc.sql("""
				update webhook_delivery set state = :state, next_attempt_at = :next, last_status = :status,
				    last_error = :error
				where id = :id and state = 'PENDING' and attempts = :attempt
				""")
			.param("state", next == null ? "DEAD" : "PENDING")
			.param("next", next == null ? null : Timestamp.from(next))
			.param("status", status)
			.param("error", error)
			.param("id", delivery.id())
			.param("attempt", delivery.attempt())
			.update();
	}

	/** The newest deliveries of a subscription (which the caller checked is the tenant's). */
	List<Delivery> deliveries(UUID subscriptionId, int limit) {
		return jdbc.sql("""
				select d.id, d.outbox_id, o.event_type, d.state, d.attempts, d.created_at, d.next_attempt_at,
				       d.last_attempt_at, d.last_status, d.last_error, d.delivered_at
				from webhook_delivery d join outbox o on o.id = d.outbox_id
				where d.subscription_id = :id
				order by d.id desc
				limit :limit
				""")
			.param("id", subscriptionId)
			.param("limit", limit)
			.query((rs, row) -> delivery(rs))
			.list();
	}

	Optional<Delivery> delivery(String tenant, long deliveryId) {
		return jdbc.sql("""
				select d.id, d.outbox_id, o.event_type, d.state, d.attempts, d.created_at, d.next_attempt_at,
				       d.last_attempt_at, d.last_status, d.last_error, d.delivered_at
				from webhook_delivery d join outbox o on o.id = d.outbox_id
				join webhook_subscription s on s.id = d.subscription_id
				where d.id = :id and s.tenant = :tenant and s.active
				""")
			.param("id", deliveryId)
			.param("tenant", tenant)
			.query((rs, row) -> delivery(rs))
			.optional();
	}

	/** A delivered or dead delivery becomes pending again, due now, with all its tries. */
	boolean redeliver(String tenant, long deliveryId, Instant now) {
		return jdbc.sql("""
				update webhook_delivery d set state = 'PENDING', attempts = 0, next_attempt_at = :now,
				    delivered_at = null
				from webhook_subscription s
				where d.id = :id and s.id = d.subscription_id and s.tenant = :tenant and s.active
				  and d.state in ('DELIVERED', 'DEAD')
				""")
			.param("now", Timestamp.from(now))
			.param("id", deliveryId)
			.param("tenant", tenant)
			.update() == 1;
	}

	private static Subscription subscription(ResultSet rs) throws SQLException {
		Array events = rs.getArray("event_types");
		return new Subscription(rs.getObject("id", UUID.class), rs.getString("url"),
				Arrays.asList((String[]) events.getArray()), rs.getString("secret"), rs.getString("previous_secret"),
				instant(rs, "previous_secret_expires_at"), instant(rs, "created_at"));
	}

	private static Delivery delivery(ResultSet rs) throws SQLException {
		int status = rs.getInt("last_status");
		Integer lastStatus = rs.wasNull() ? null : status;
		return new Delivery(rs.getLong("id"), rs.getLong("outbox_id"), rs.getString("event_type"),
				rs.getString("state"), rs.getInt("attempts"), instant(rs, "created_at"),
				instant(rs, "next_attempt_at"), instant(rs, "last_attempt_at"), lastStatus,
				rs.getString("last_error"), instant(rs, "delivered_at"));
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return timestamp == null ? null : timestamp.toInstant();
	}

}
