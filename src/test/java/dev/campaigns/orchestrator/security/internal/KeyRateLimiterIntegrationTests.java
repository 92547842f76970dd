package dev.campaigns.orchestrator.security.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.campaigns.orchestrator.ratelimit.RateLimits;
import dev.campaigns.orchestrator.security.RequestRateSettings;
import dev.campaigns.testsupport.IntegrationTest;
import dev.campaigns.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys' request budgets on PostgreSQL, as several replicas see them: each replica is a limiter
 * of its own over the same rows, on a clock the test sets.
 */
@IntegrationTest
class KeyRateLimiterIntegrationTests {

	static final Instant T0 = Instant.parse("2030-01-07T10:00:00Z");

	@Autowired
	DataSource dataSource;

	final MutableClock clock = new MutableClock(T0);

	final AtomicInteger statements = new AtomicInteger();

	@Test
	void twoReplicasCallingAtOnceShareOneKeysBudget() throws Exception {
		RequestRateSettings settings = new RequestRateSettings(1, 4, Duration.ofSeconds(5));
		List<KeyRateLimiter> replicas = List.of(replica(settings), replica(settings));
		UUID key = UUID.randomUUID();
		ExecutorService callers = Executors.newFixedThreadPool(4);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<KeyRateLimiter.Admission>> answers = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			KeyRateLimiter replica = replicas.get(i % 2);
			answers.add(callers.submit(() -> {
				start.await();
				return replica.admit(key);
			}));
		}
		start.countDown();
		List<KeyRateLimiter.Admission> admissions = new ArrayList<>();
		for (Future<KeyRateLimiter.Admission> answer : answers) {
			admissions.add(answer.get());
		}
		callers.shutdown();

		assertThat(admissions).filteredOn(KeyRateLimiter.Admission::admitted).hasSize(4);
		assertThat(admissions).filteredOn((admission) -> !admission.admitted())
			.hasSize(16)
			.allSatisfy((refused) -> assertThat(refused.retryAfter()).isEqualTo(1));
		clock.advance(Duration.ofSeconds(1));
		assertThat(replicas.get(1).admit(key).admitted()).as("a second later, on either replica").isTrue();
		assertThat(replicas.get(0).admit(key).admitted()).as("one a second").isFalse();
		assertThat(replicas.get(0).admit(UUID.randomUUID()).admitted()).as("another key").isTrue();
	}

	@Test
	void aRequestCostsTwoStatementsWhenAdmittedAndOneWhenRefused() {
		KeyRateLimiter replica = replica(new RequestRateSettings(1, 2, Duration.ofSeconds(5)));
		UUID key = UUID.randomUUID();

		assertThat(counted(() -> replica.admit(key).admitted())).as("the key's first request on this replica")
			.isEqualTo(new Counted(true, 3));
		assertThat(counted(() -> replica.admit(key).admitted())).isEqualTo(new Counted(true, 2));
		assertThat(counted(() -> replica.admit(key).admitted())).isEqualTo(new Counted(false, 1));
	}

	@Test
	void aRequestWhoseCheckTakesLongerThanTheTimeoutGoesThroughUnchecked() throws Exception {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		KeyRateLimiter replica = replica(new RequestRateSettings(1, 1, Duration.ofMillis(100)), meters);
		UUID key = UUID.randomUUID();
		assertThat(replica.admit(key).admitted()).isTrue();
		assertThat(replica.admit(key).admitted()).as("its budget is spent").isFalse();

		try (Connection other = dataSource.getConnection()) {
			other.setAutoCommit(false);
			try (PreparedStatement lock = other.prepareStatement("select * from rate_limit where name = ? for update")) {
				lock.setString(1, "api-key:" + key);
				lock.executeQuery().close();
			}
			long started = System.nanoTime();
			KeyRateLimiter.Admission admission = replica.admit(key);
			Duration waited = Duration.ofNanos(System.nanoTime() - started);
			other.rollback();

			assertThat(admission.admitted()).as("let through while its row is held").isTrue();
			assertThat(waited).isLessThan(Duration.ofSeconds(1));
			assertThat(meters.counter("orchestrator.api.rate-limit.unchecked").count()).isEqualTo(1);
		}
	}

	private KeyRateLimiter replica(RequestRateSettings settings) {
		return replica(settings, new SimpleMeterRegistry());
	}

	/** A replica of its own: its own limiter and rate edge, on a connection pool counting statements. */
	private KeyRateLimiter replica(RequestRateSettings settings, SimpleMeterRegistry meters) {
		DataSource counting = counting(dataSource);
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(counting));
		return new KeyRateLimiter(new RateLimits(JdbcClient.create(counting), transactions), settings, clock, meters);
	}

	private record Counted(boolean admitted, int statements) {
	}

	private Counted counted(Callable<Boolean> request) {
		int before = statements.get();
		try {
			boolean admitted = request.call();
			return new Counted(admitted, statements.get() - before);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private DataSource counting(DataSource target) {
		return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { DataSource.class },
				(proxy, method, args) -> {
					Object result = invoke(target, method, args);
					return result instanceof Connection connection ? counting(connection) : result;
				});
	}

	private Connection counting(Connection target) {
		Set<String> statementMethods = Set.of("prepareStatement", "createStatement", "prepareCall");
		return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
				(proxy, method, args) -> {
					if (statementMethods.contains(method.getName())) {
						statements.incrementAndGet();
					}
					return invoke(target, method, args);
				});
	}

	private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

}
