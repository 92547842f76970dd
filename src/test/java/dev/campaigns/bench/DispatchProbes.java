package dev.campaigns.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

import dev.campaigns.orchestrator.dispatch.Dispatcher;
import dev.campaigns.orchestrator.provider.CallRequest;
import dev.campaigns.orchestrator.provider.OutboundCalls;
import dev.campaigns.orchestrator.provider.TriggerResult;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * What the dispatch benchmark watches inside the orchestrator, without touching its code:
 * the {@link DataSource} (every statement executed, by thread and SQL, with its time), the
 * {@link Dispatcher} the real {@code DispatchLoop} calls (each round's duration, what it
 * did, and how long its thread spent in the database) and the provider port (each trigger's
 * latency). Wrappers are JDK proxies; {@code unwrap} and {@code isWrapperFor} go through to
 * the real objects, so {@code unwrap(PGConnection.class)} still works.
 */
final class DispatchProbes implements BeanPostProcessor, Ordered {

	/** Adds the probes to an orchestrator context. */
	@Configuration(proxyBeanMethods = false)
	static class Config {

		@Bean
		static DispatchProbes dispatchProbes() {
			return new DispatchProbes();
		}

	}

	final Statements statements = new Statements();

	final Rounds rounds = new Rounds();

	final Triggers triggers = new Triggers();

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSource dataSource && !Proxy.isProxyClass(bean.getClass())) {
			return proxy(dataSource, new DataSourceHandler(dataSource));
		}
		if (bean instanceof Dispatcher dispatcher) {
			return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Dispatcher.class },
					(proxy, method, args) -> {
						if (!method.getName().equals("dispatchDue") && !method.getName().equals("dispatchNext")) {
							return invoke(dispatcher, method, args);
						}
						long db = statements.threadNanos();
						Map<String, long[]> byStatement = new HashMap<>();
						statements.round.set(byStatement);
						long start = System.nanoTime();
						try {
							Object result = invoke(dispatcher, method, args);
							long end = System.nanoTime();
							rounds.add(new Round(start, end - start, statements.threadNanos() - db,
									(Dispatcher.DispatchRound) result, byStatement));
							return result;
						}
						finally {
							statements.round.remove();
						}
					});
		}
		if (bean instanceof OutboundCalls calls) {
			return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { OutboundCalls.class },
					(proxy, method, args) -> {
						if (!method.getName().equals("trigger")) {
							return invoke(calls, method, args);
						}
						int inFlight = triggers.inFlight.incrementAndGet();
						triggers.maxInFlight.accumulateAndGet(inFlight, Math::max);
						long start = System.nanoTime();
						triggers.departures.add(start);
						triggers.departedAt.putIfAbsent(((CallRequest) args[0]).toNumber(), Instant.now());
						try {
							Object result = invoke(calls, method, args);
							triggers.add(System.nanoTime() - start, (TriggerResult) result);
							return result;
						}
						finally {
							triggers.inFlight.decrementAndGet();
						}
					});
		}
		return bean;
	}

	/** Last, after every other post-processor had its say. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	/** Forgets everything seen so far: the start of a measured period. */
	void reset() {
		statements.reset();
		rounds.reset();
		triggers.reset();
	}

	// ---------------------------------------------------------------------------------------
	// rounds and triggers

	/** One dispatch round as the loop ran it. */
	record Round(long startNanos, long nanos, long databaseNanos, Dispatcher.DispatchRound result,
			Map<String, long[]> statements) {
	}

	static final class Rounds {

		private final ConcurrentLinkedQueue<Round> rounds = new ConcurrentLinkedQueue<>();

		void add(Round round) {
			rounds.add(round);
		}

		List<Round> all() {
			return new ArrayList<>(rounds);
		}

		void reset() {
			rounds.clear();
		}

	}

	static final class Triggers {

		final AtomicInteger inFlight = new AtomicInteger();

		final AtomicInteger maxInFlight = new AtomicInteger();

		private final ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();

		/** When each trigger left for the provider ({@code System.nanoTime}). */
		private final ConcurrentLinkedQueue<Long> departures = new ConcurrentLinkedQueue<>();

		/**
		 * When each number's first trigger left, on the wall clock (which the sandbox's
		 * {@code receivedAt} also reads: same machine), for the time to the sandbox.
		 */
		private final Map<String, Instant> departedAt = new ConcurrentHashMap<>();

		private final Map<String, LongAdder> results = new ConcurrentHashMap<>();

		void add(long took, TriggerResult result) {
			nanos.add(took);
			results.computeIfAbsent(result == null ? "null" : result.getClass().getSimpleName(), k -> new LongAdder())
				.increment();
		}

		List<Long> nanos() {
			return new ArrayList<>(nanos);
		}

		List<Long> departures() {
			return new ArrayList<>(departures);
		}

		Map<String, Instant> departedAt() {
			return new HashMap<>(departedAt);
		}

		Map<String, Long> results() {
			Map<String, Long> copy = new LinkedHashMap<>();
			results.forEach((k, v) -> copy.put(k, v.sum()));
			return copy;
		}

		void reset() {
			nanos.clear();
			departures.clear();
			departedAt.clear();
			results.clear();
			maxInFlight.set(inFlight.get());
		}

	}

	// ---------------------------------------------------------------------------------------
	// statements

	/** One kind of statement: who ran it (dispatch threads or others) and its SQL's start. */
	record StatementKey(String threads, String sql) {
	}

	record StatementCount(StatementKey key, long count, long nanos) {
	}

	static final class Statements {

		private final Map<StatementKey, LongAdder[]> counts = new ConcurrentHashMap<>();

		private final LongAdder commits = new LongAdder();

		private final LongAdder rollbacks = new LongAdder();

		/** Nanoseconds this thread spent in statements and commits, ever. */
		private final ThreadLocal<long[]> threadNanos = ThreadLocal.withInitial(() -> new long[1]);

		/** The statements of the dispatch round this thread is running, if any: count and nanoseconds. */
		final ThreadLocal<Map<String, long[]>> round = new ThreadLocal<>();

		void executed(String sql, long nanos) {
			threadNanos.get()[0] += nanos;
			String signature = signature(sql);
			Map<String, long[]> inRound = round.get();
			if (inRound != null) {
				long[] totals = inRound.computeIfAbsent(signature, k -> new long[2]);
				totals[0]++;
				totals[1] += nanos;
			}
			LongAdder[] adders = counts.computeIfAbsent(new StatementKey(threads(), signature),
					k -> new LongAdder[] { new LongAdder(), new LongAdder() });
			adders[0].increment();
			adders[1].add(nanos);
		}

		void committed(boolean commit, long nanos) {
			threadNanos.get()[0] += nanos;
			Map<String, long[]> inRound = round.get();
			if (inRound != null) {
				long[] totals = inRound.computeIfAbsent(commit ? "(commit)" : "(rollback)", k -> new long[2]);
				totals[0]++;
				totals[1] += nanos;
			}
			(commit ? commits : rollbacks).increment();
		}

		long threadNanos() {
			return threadNanos.get()[0];
		}

		List<StatementCount> all() {
			List<StatementCount> all = new ArrayList<>();
			counts.forEach((key, adders) -> all.add(new StatementCount(key, adders[0].sum(), adders[1].sum())));
			all.sort((a, b) -> Long.compare(b.count(), a.count()));
			return Collections.unmodifiableList(all);
		}

		long count(String threads) {
			return all().stream()
				.filter(s -> threads == null || s.key().threads().equals(threads))
				.mapToLong(StatementCount::count)
				.sum();
		}

		long commits() {
			return commits.sum();
		}

		long rollbacks() {
			return rollbacks.sum();
		}

		void reset() {
			counts.clear();
			commits.reset();
			rollbacks.reset();
		}

		private static String threads() {
			return Thread.currentThread().getName().startsWith("dispatch-") ? "dispatch" : "other";
		}

		private static final Map<String, String> signatures = new ConcurrentHashMap<>();

		static String signature(String sql) {
			return sql == null ? "?" : signatures.computeIfAbsent(sql, Statements::flatten);
		}

		private static String flatten(String sql) {
			String flat = sql == null ? "?" : sql.replaceAll("\\s+", " ").trim();
			return flat.length() <= 72 ? flat : flat.substring(0, 72) + "…";
		}

	}

	private final class DataSourceHandler implements InvocationHandler {

		private final DataSource target;

		DataSourceHandler(DataSource target) {
			this.target = target;
		}

		@Override
		public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
			Object wrapped = wrapperMethod(proxy, target, method, args);
			if (wrapped != NOT_WRAPPER) {
				return wrapped;
			}
			Object result = DispatchProbes.invoke(target, method, args);
			if (result instanceof Connection connection) {
				return proxy(connection, new ConnectionHandler(connection));
			}
			return result;
		}

	}

	private final class ConnectionHandler implements InvocationHandler {

		private final Connection target;

		ConnectionHandler(Connection target) {
			this.target = target;
		}

		@Override
		public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
			Object wrapped = wrapperMethod(proxy, target, method, args);
			if (wrapped != NOT_WRAPPER) {
				return wrapped;
			}
			String name = method.getName();
			if (name.equals("commit") || (name.equals("rollback") && (args == null || args.length == 0))) {
				long start = System.nanoTime();
				Object result = DispatchProbes.invoke(target, method, args);
				statements.committed(name.equals("commit"), System.nanoTime() - start);
				return result;
			}
			Object result = DispatchProbes.invoke(target, method, args);
			if (result instanceof Statement statement && Statement.class.isAssignableFrom(method.getReturnType())) {
				String sql = (args != null && args.length > 0 && args[0] instanceof String text) ? text : null;
				return Proxy.newProxyInstance(DispatchProbes.class.getClassLoader(),
						new Class<?>[] { method.getReturnType() }, new StatementHandler(statement, sql, proxy));
			}
			return result;
		}

	}

	private final class StatementHandler implements InvocationHandler {

		private final Statement target;

		private final String sql;

		private final Object connection;

		StatementHandler(Statement target, String sql, Object connection) {
			this.target = target;
			this.sql = sql;
			this.connection = connection;
		}

		@Override
		public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
			Object wrapped = wrapperMethod(proxy, target, method, args);
			if (wrapped != NOT_WRAPPER) {
				return wrapped;
			}
			if (method.getName().equals("getConnection")) {
				return connection;
			}
			if (!method.getName().startsWith("execute")) {
				return DispatchProbes.invoke(target, method, args);
			}
			String text = (args != null && args.length > 0 && args[0] instanceof String given) ? given : sql;
			long start = System.nanoTime();
			try {
				return DispatchProbes.invoke(target, method, args);
			}
			finally {
				statements.executed(text, System.nanoTime() - start);
			}
		}

	}

	private static final Object NOT_WRAPPER = new Object();

	/** {@code unwrap}, {@code isWrapperFor}, {@code equals}, {@code hashCode} of a wrapper. */
	private static Object wrapperMethod(Object proxy, Object target, Method method, Object[] args) throws Throwable {
		switch (method.getName()) {
			case "unwrap":
				if (args != null && args.length == 1 && args[0] instanceof Class<?> type) {
					// the JDBC interface itself answers this wrapper (still counting); anything more
					// specific (PGConnection, HikariDataSource) the real object
					boolean jdbcInterface = type.getName().startsWith("java.sql.")
							|| type.getName().startsWith("javax.sql.");
					return jdbcInterface && type.isInstance(proxy) ? proxy : invoke(target, method, args);
				}
				return NOT_WRAPPER;
			case "isWrapperFor":
				if (args != null && args.length == 1 && args[0] instanceof Class<?> type) {
					return type.isInstance(proxy) || (boolean) invoke(target, method, args);
				}
				return NOT_WRAPPER;
			case "equals":
				return args != null && args.length == 1 && proxy == args[0];
			case "hashCode":
				return System.identityHashCode(proxy);
			case "toString":
				return "probe(" + target + ")";
			default:
				return NOT_WRAPPER;
		}
	}

	private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	@SuppressWarnings("unchecked")
	private static <T> T proxy(T target, InvocationHandler handler) {
		Class<?>[] interfaces = ClassUtils.getAllInterfacesForClassAsSet(target.getClass(),
					DispatchProbes.class.getClassLoader())
			.stream()
			.filter(type -> Modifier.isPublic(type.getModifiers()))
			.toArray(Class<?>[]::new);
		return (T) Proxy.newProxyInstance(DispatchProbes.class.getClassLoader(), interfaces, handler);
	}

}
