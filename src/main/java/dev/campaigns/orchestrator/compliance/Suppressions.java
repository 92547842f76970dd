package dev.campaigns.orchestrator.compliance;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The do-not-call list of each tenant. Numbers are stored in E.164; callers normalise first.
 * Checked at ingest and again right before every attempt.
 */
@Service
public class Suppressions {

	private final JdbcClient jdbc;

	private final Clock clock;

	Suppressions(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** One suppressed number. */
	public record Suppression(String phoneNumber, @Nullable String reason, Instant createdAt) {
	}

	/** A number to suppress, already in E.164, and why. */
	public record Entry(String phoneNumber, @Nullable String reason) {
	}

	/** Adds (or keeps) a number; answers whether it was new. */
	public boolean add(String tenant, String phoneNumber, @Nullable String reason) {
		return jdbc.sql("insert into suppression (tenant, phone_number, reason, created_at) values (?, ?, ?, ?)"
				+ " on conflict (tenant, phone_number) do nothing")
			.params(tenant, phoneNumber, reason, Timestamp.from(clock.instant()))
			.update() == 1;
	}

	/**
	 * Adds every entry, or none: they are added in one transaction, and when {@code entries}
	 * throws (an invalid row of an import), nothing added before stays.
	 *
	 * @return how many of the numbers were new
	 */
	@Transactional
	public int addAll(String tenant, Iterator<Entry> entries) {
		int added = 0;
		while (entries.hasNext()) {
			Entry entry = entries.next();
			if (add(tenant, entry.phoneNumber(), entry.reason())) {
				added++;
			}
		}
		return added;
	}

	public boolean remove(String tenant, String phoneNumber) {
		return jdbc.sql("delete from suppression where tenant = ? and phone_number = ?")
			.params(tenant, phoneNumber)
			.update() == 1;
	}

	/**
	 * Removes a number only while it is on the list for {@code reason}: undoes an entry the
	 * service added itself, never one an admin added or replaced.
	 */
	public boolean removeIfReason(String tenant, String phoneNumber, String reason) {
		return jdbc.sql("delete from suppression where tenant = ? and phone_number = ? and reason = ?")
			.params(tenant, phoneNumber, reason)
			.update() == 1;
	}

	public List<Suppression> page(String tenant, int page, int size) {
		return jdbc.sql("select phone_number, reason, created_at from suppression where tenant = ?"
				+ " order by created_at desc, phone_number limit ? offset ?")
			.params(tenant, size, (long) page * size)
			.query((rs, row) -> new Suppression(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
			.list();
	}

	public long count(String tenant) {
		return jdbc.sql("select count(*) from suppression where tenant = ?").param(tenant).query(Long.class).single();
	}

	/** Which of these numbers the tenant suppressed (one query, primary key lookups). */
	public Set<String> suppressedAmong(String tenant, List<String> phoneNumbers) {
		if (phoneNumbers.isEmpty()) {
			return Set.of();
		}
		return jdbc.sql("select phone_number from suppression where tenant = :tenant"
				+ " and phone_number = any(cast(:numbers as text[]))")
			.param("tenant", tenant)
			.param("numbers", phoneNumbers.stream().collect(Collectors.joining(",", "{", "}")))
			.query(String.class)
			.set();
	}

}
