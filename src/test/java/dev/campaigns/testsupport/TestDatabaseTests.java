package dev.campaigns.testsupport;

import java.util.Map;

import dev.campaigns.testsupport.TestDatabase.Source;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TestDatabaseTests {

	@Test
	void theEnvironmentVariableComesFirstEvenWhereDockerRuns() {
		assertThat(TestDatabase.choose(Map.of("TEST_DATABASE_URL", "jdbc:postgresql://h/db"), () -> true))
			.isEqualTo(Source.ENVIRONMENT);
	}

	@Test
	void testcontainersWhereDockerRuns() {
		assertThat(TestDatabase.choose(Map.of(), () -> true)).isEqualTo(Source.TESTCONTAINERS);
		assertThat(TestDatabase.choose(Map.of("TEST_DATABASE_URL", " "), () -> true)).isEqualTo(Source.TESTCONTAINERS);
	}

	@Test
	void embeddedOtherwise() {
		assertThat(TestDatabase.choose(Map.of(), () -> false)).isEqualTo(Source.EMBEDDED);
	}

}
