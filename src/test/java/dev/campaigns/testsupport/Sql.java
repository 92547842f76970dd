package dev.campaigns.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A harness's own view of the database, apart from the processes it watches (the reliability
 * suite, the soak benchmark): a new connection per statement, retried while PostgreSQL is down
 * (a restart must not fail the observer).
 */
public final class Sql {

	/** Reads one row. */
	public interface Row<T> {

		T read(ResultSet rs) throws SQLException;

	}

	private static final Duration OUTAGE_PATIENCE = Duration.ofSeconds(90);

	private final String url;

	private final String username;

	public Sql(String url, String username) {
		this.url = url;
		this.username = username;
	}

	public String url() {
		return url;
	}

	public String username() {
		return username;
	}

	public <T> List<T> query(String sql, Row<T> row, Object... params) {
		return withRetry(connection -> {
			try (PreparedStatement statement = prepare(connection, sql, params); ResultSet rs = statement.executeQuery()) {
				List<T> rows = new ArrayList<>();
				while (rs.next()) {
					rows.add(row.read(rs));
				}
				return rows;
			}
		});
	}

	public long count(String sql, Object... params) {
		return query(sql, rs -> rs.getLong(1), params).get(0);
	}

	public int update(String sql, Object... params) {
		return withRetry(connection -> {
			try (PreparedStatement statement = prepare(connection, sql, params)) {
				return statement.executeUpdate();
			}
		});
	}

	private static PreparedStatement prepare(Connection connection, String sql, Object[] params) throws SQLException {
		PreparedStatement statement = connection.prepareStatement(sql);
		for (int i = 0; i < params.length; i++) {
			statement.setObject(i + 1, params[i]);
		}
		return statement;
	}

	private interface Work<T> {

		T on(Connection connection) throws SQLException;

	}

	private <T> T withRetry(Work<T> work) {
		long deadline = System.nanoTime() + OUTAGE_PATIENCE.toNanos();
		while (true) {
			try (Connection connection = DriverManager.getConnection(url, username, "")) {
				return work.on(connection);
			}
			catch (SQLException ex) {
				// 08xxx: connection failures, 57P0x: the server is shutting down or starting
				String state = ex.getSQLState() == null ? "" : ex.getSQLState();
				if (!(state.startsWith("08") || state.startsWith("57P")) || System.nanoTime() > deadline) {
					throw new IllegalStateException(ex);
				}
				try {
					Thread.sleep(200);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(interrupted);
				}
			}
		}
	}

}
