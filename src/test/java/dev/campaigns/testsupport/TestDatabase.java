package dev.campaigns.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real PostgreSQL that tests run against, found in this order: {@code TEST_DATABASE_URL}
 * (with {@code TEST_DATABASE_USERNAME}, default {@code postgres}, and
 * {@code TEST_DATABASE_PASSWORD}), else a Testcontainers PostgreSQL where Docker runs, else
 * an embedded PostgreSQL. One database per test JVM, started on first use.
 */
public final class TestDatabase {

	public enum Source {

		ENVIRONMENT, TESTCONTAINERS, EMBEDDED

	}

	public record Connection(Source source, String url, String username, String password) {
	}

	private static Connection connection;

	private TestDatabase() {
	}

	public static synchronized Connection connection() {
		if (connection == null) {
			connection = start(choose(System.getenv(), TestDatabase::dockerRuns));
		}
		return connection;
	}

	/** The rule, apart from starting anything: environment first, then Docker, then embedded. */
	static Source choose(Map<String, String> environment, BooleanSupplier dockerRuns) {
		String url = environment.get("TEST_DATABASE_URL");
		if (url != null && !url.isBlank()) {
			return Source.ENVIRONMENT;
		}
		return dockerRuns.getAsBoolean() ? Source.TESTCONTAINERS : Source.EMBEDDED;
	}

	private static Connection start(Source source) {
		return switch (source) {
			case ENVIRONMENT -> new Connection(source, System.getenv("TEST_DATABASE_URL"),
					System.getenv().getOrDefault("TEST_DATABASE_USERNAME", "postgres"),
					System.getenv().getOrDefault("TEST_DATABASE_PASSWORD", ""));
			case TESTCONTAINERS -> {
				PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
				container.start();
				yield new Connection(source, container.getJdbcUrl(), container.getUsername(), container.getPassword());
			}
			case EMBEDDED -> {
				if ("root".equals(System.getProperty("user.name"))) {
					throw new IllegalStateException("No test database: TEST_DATABASE_URL is not set, Docker is not"
							+ " running, and the embedded PostgreSQL refuses to run as root. Set TEST_DATABASE_URL"
							+ " (e.g. jdbc:postgresql://127.0.0.1:5432/test) or run as an ordinary user.");
				}
				try {
					EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
					yield new Connection(source, postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}
		};
	}

	private static boolean dockerRuns() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError notAvailable) {
			return false;
		}
	}

	/** Points a Spring test context at the test database. */
	public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			Connection database = connection();
			TestPropertyValues
				.of("spring.datasource.url=" + database.url(), "spring.datasource.username=" + database.username(),
						"spring.datasource.password=" + database.password())
				.applyTo(context);
		}

	}

}
