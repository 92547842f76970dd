package dev.campaigns.orchestrator;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.Http;
import dev.campaigns.testsupport.TestDatabase;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Thousands of malformed and hostile requests against the public API, over real HTTP to the
 * whole service on its real PostgreSQL. Whatever comes in, the service must answer it: never
 * a 5xx, every 4xx an RFC 9457 problem (a 400 naming the offending field), and a request is
 * either accepted whole, and stored exactly as sent, or leaves every domain table as it was;
 * an accepted create sent again with its {@code Idempotency-Key} gets the first answer and
 * stores nothing.
 *
 * <p>jqwik generates the requests. Its properties run outside Spring's JUnit extension, so
 * the service is started once for the class. A try never throws: it records what went wrong
 * together with the request that caused it, and each property fails after its last try with
 * all of them, so one run shows every kind of failure rather than the first.
 */
class PublicApiFuzzIntegrationTests {

	/** Small limits, so that oversized bodies are cheap to send. */
	static final int MAX_JSON_BODY = 256 * 1024;

	static final int MAX_CSV_BODY = 128 * 1024;

	static final int CREATES = 800;

	static final int PREVIEWS = 200;

	static final int JSON_APPENDS = 400;

	static final int CSV_APPENDS = 400;

	static final int SUPPRESSIONS = 250;

	static final int SUPPRESSION_IMPORTS = 200;

	static final int WEBHOOKS = 250;

	static final int READS = 400;

	static final int LIFECYCLE = 150;

	private static final String CAMPAIGNS = "/api/v1/campaigns";

	private static final JsonMapper strictJson = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private static final AtomicInteger numbers = new AtomicInteger();

	private static final Map<String, Map<Integer, Integer>> statuses = new TreeMap<>();

	private static final List<String> failures = new ArrayList<>();

	private static @Nullable ConfigurableApplicationContext context;

	private static JdbcClient jdbc;

	private static String base;

	private static String authorization;

	private static String tenant;

	private static String running;

	private static String paused;

	private static String cancelled;

	private static List<String> steered;

	private static long startedAt;

	private static int sentInProperty;

	private static String property = "";

	// ---------------------------------------------------------------------------------------
	// the service, once for the class

	@BeforeContainer
	static void startTheService() {
		startedAt = System.nanoTime();
		context = new SpringApplicationBuilder(OrchestratorApplication.class).profiles("test")
			.initializers(new TestDatabase.Initializer())
			.properties("orchestrator.campaign.max-json-body=" + MAX_JSON_BODY + "B",
					"orchestrator.campaign.max-csv-body=" + MAX_CSV_BODY + "B")
			.run("--server.port=0");
		jdbc = context.getBean(JdbcClient.class);
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		base = "http://localhost:" + port;
		tenant = "fuzz-" + UUID.randomUUID().toString().substring(0, 8);
		Api fuzz = Api.at(port).keyFor(tenant, "admin");
		authorization = fuzz.authorization();
		running = createCampaign(fuzz);
		paused = createCampaign(fuzz);
		cancelled = createCampaign(fuzz);
		require(fuzz.postEmpty(CAMPAIGNS + "/" + paused + "/pause"), 200);
		require(fuzz.postEmpty(CAMPAIGNS + "/" + cancelled + "/cancel"), 200);
		steered = List.of(createCampaign(fuzz), createCampaign(fuzz), createCampaign(fuzz));
	}

	@AfterContainer
	static void reportAndStop() {
		Map<Integer, Integer> total = new TreeMap<>();
		statuses.values().forEach(byStatus -> byStatus.forEach((status, n) -> total.merge(status, n, Integer::sum)));
		int sent = total.values().stream().mapToInt(Integer::intValue).sum();
		StringBuilder report = new StringBuilder("PublicApiFuzzIntegrationTests: " + sent + " requests in "
				+ Duration.ofNanos(System.nanoTime() - startedAt).toSeconds() + " s, by status " + total + "\n");
		statuses.forEach((property, byStatus) -> report.append("  ").append(property).append(": ").append(byStatus)
			.append('\n'));
		System.out.print(report);
		if (context != null) {
			context.close();
		}
	}

	@BeforeProperty
	void forgetEarlierFailures() {
		failures.clear();
		sentInProperty = 0;
	}

	@AfterProperty
	void failWithEverythingThatWentWrong() {
		if (failures.isEmpty()) {
			return;
		}
		Map<String, List<String>> byKind = new TreeMap<>();
		for (String failure : failures) {
			byKind.computeIfAbsent(failure.substring(0, failure.indexOf('\n')), kind -> new ArrayList<>()).add(failure);
		}
		StringBuilder summary = new StringBuilder(failures.size() + " of " + sentInProperty
				+ " requests were answered wrongly:\n");
		byKind.forEach((kind, examples) -> summary.append("  ").append(examples.size()).append(" × ").append(kind)
			.append('\n'));
		byKind.forEach((kind, examples) -> examples.stream().limit(3).forEach(example -> summary.append("\n")
			.append(example)));
		Path all = Path.of("target", "fuzz", property.replace(' ', '-') + ".txt");
		try {
			Files.createDirectories(all.getParent());
			Files.writeString(all, String.join("\n", failures));
			summary.append("\nEvery failure: ").append(all.toAbsolutePath()).append('\n');
		}
		catch (IOException ex) {
			summary.append("\n(could not write ").append(all).append(": ").append(ex).append(")\n");
		}
		throw new AssertionError(summary.length() > 40_000 ? summary.substring(0, 40_000) + "\n..." : summary);
	}

	// ---------------------------------------------------------------------------------------
	// properties: one per endpoint family

	@Property(tries = CREATES, shrinking = ShrinkingMode.OFF, generation = GenerationMode.RANDOMIZED)
	void createIsAnsweredWithoutServerErrorsOrPartialWrites(@ForAll("campaignCreations") Probe probe) {
		exchange("create", probe);
	}

	@Property(tries = PREVIEWS, shrinking = ShrinkingMode.OFF, generation = GenerationMode.RANDOMIZED)
	void previewIsAnsweredWithoutServerErrorsAndStoresNothing(@ForAll("campaignPreviews") Probe probe) {
		exchange("preview", probe);
	}

	@Property(tries = JSON_APPENDS, shrinking = ShrinkingMode.OFF, generation = GenerationMode.RANDOMIZED)
	void jsonAppendIsAnsweredWithoutServerErrorsOrPartialWrites(@ForAll("jsonAppends") Probe probe) {
		exchange("append json", probe);
	}

	@Property(tries = CSV_APPENDS, shrinking = ShrinkingMode.OFF, generation = GenerationMode.RANDOMIZED)
	void csvAppendIsAnsweredWithoutServerErrorsOrPartialWrites(@ForAll("csvAppends") Probe probe) {
		exchange("append csv", probe);
	}

	@Property(tries = SUPPRESSIONS, shrinking = ShrinkingMode.OFF, generation = GenerationMode.RANDOMIZED)
	void suppressionIsAnsweredWithoutServerErrorsOrPartialWrites(@ForAll("suppressions") Probe probe) {
		exchange("suppression json", probe);
	}

	@Property(tries = SUPPRESSION_IMPORTS, shrinking = ShrinkingMode.OFF, generation = GenerationMode.RANDOMIZED)
	void suppressionImportIsAnsweredWithoutServerErrorsOrPartialWrites(@ForAll("suppressionImports") Probe probe) {
		exchange("suppression csv", probe);
	}

	@Property(tries = WEBHOOKS, shrinking = ShrinkingMode.OFF, generation = GenerationMode.RANDOMIZED)
	void webhookSubscriptionIsAnsweredWithoutServerErrorsOrPartialWrites(@ForAll("webhooks") Probe probe) {
		exchange("webhook", probe);
	}

	@Property(tries = READS, shrinking = ShrinkingMode.OFF, generation = GenerationMode.RANDOMIZED)
	void readsWithHostileIdsAndParametersAreAnsweredWithoutServerErrors(@ForAll("reads") Probe probe) {
		exchange("reads", probe);
	}

	@Property(tries = LIFECYCLE, shrinking = ShrinkingMode.OFF, generation = GenerationMode.RANDOMIZED)
	void lifecycleRequestsAreAnsweredWithoutServerErrors(@ForAll("lifecycle") Probe probe) {
		exchange("lifecycle", probe);
	}

	// ---------------------------------------------------------------------------------------
	// one exchange and everything it must satisfy

	/** One generated request and what the test knows about it. */
	record Probe(String method, String path, Map<String, String> headers, byte[] body, boolean chunked,
			@Nullable String mustBeRejectedBecause, List<String> touched, boolean namesFields,
			Acceptance acceptance) {

		Probe withEnvelope(Wire wire) {
			return new Probe(method, path, wire.headers(), wire.body(), wire.chunked(),
					mustBeRejectedBecause != null && !wire.replaced() ? mustBeRejectedBecause
							: wire.mustBeRejectedBecause(),
					wire.replaced() ? List.of() : touched, namesFields,
					wire.replaced() ? PublicApiFuzzIntegrationTests::storesNothing : acceptance);
		}

		String describe() {
			StringBuilder out = new StringBuilder("    ").append(method).append(' ').append(abbreviate(path, 300));
			headers.forEach((name, value) -> out.append("\n    ").append(name).append(": ")
				.append(name.equals("Authorization") ? abbreviate(value, 40) : abbreviate(value, 200)));
			if (chunked) {
				out.append("\n    (chunked, no Content-Length)");
			}
			if (body.length > 0) {
				out.append("\n    body (").append(body.length).append(" bytes): ")
					.append(abbreviate(visible(body), 600));
			}
			return out.toString();
		}

	}

	/** What a 2xx answer must show: the stored rows match the request and the answer. */
	interface Acceptance {

		void check(HttpResponse<String> response, Map<String, Long> delta, List<String> why);

	}

	/**
	 * The body, headers and framing of a request after envelope damage; a replaced body is
	 * one the generated tree no longer describes.
	 */
	record Wire(Map<String, String> headers, byte[] body, boolean chunked, @Nullable String mustBeRejectedBecause,
			boolean replaced) {

		Wire(Map<String, String> headers, byte[] body, boolean chunked, @Nullable String mustBeRejectedBecause) {
			this(headers, body, chunked, mustBeRejectedBecause, false);
		}

	}

	/** A body that is not what the tree describes may be accepted only as a no-op. */
	private static void storesNothing(HttpResponse<String> response, Map<String, Long> delta, List<String> why) {
		expectDelta(delta, Map.of(), why);
	}

	/** Null when the body is strict JSON (no duplicate keys, nothing after it), else why not. */
	private static @Nullable String unlessStrictJson(byte[] body, String damage) {
		try {
			strictJson.readTree(body);
			return null;
		}
		catch (RuntimeException ex) {
			return damage;
		}
	}

	private static void exchange(String family, Probe probe) {
		property = family;
		Map<String, Long> before = rowCounts();
		HttpResponse<String> response;
		try {
			response = Http.send(request(probe));
		}
		catch (UncheckedIOException ex) {
			fail(probe, null, "the connection failed: " + ex.getCause());
			return;
		}
		catch (IllegalArgumentException ex) {
			fail(probe, null, "the test built a request the HTTP client refuses: " + ex.getMessage());
			return;
		}
		sentInProperty++;
		statuses.computeIfAbsent(family, p -> new TreeMap<>()).merge(response.statusCode(), 1, Integer::sum);
		Map<String, Long> delta = delta(before, rowCounts());
		List<String> why = new ArrayList<>();
		int status = response.statusCode();
		if (status >= 500) {
			why.add("a server error " + status);
		}
		else if (status >= 400) {
			checkProblem(probe, response, why);
			// rows added are what a partial write leaves; fewer rows are the background's doing (the outbox's
			// delivery, the purge of expired idempotency keys), which goes on while the fuzz runs
			Map<String, Long> added = new TreeMap<>(delta);
			added.values().removeIf(n -> n < 0);
			if (!added.isEmpty()) {
				why.add("a partial write: a rejected request added " + added);
			}
		}
		else if (status >= 200 && status < 300) {
			if (probe.mustBeRejectedBecause() != null) {
				why.add("accepted although " + probe.mustBeRejectedBecause());
			}
			probe.acceptance().check(response, delta, why);
			if (probe.headers().containsKey("Idempotency-Key")) {
				replay(family, probe, response, why);
			}
		}
		else {
			why.add("an unexpected status " + status);
		}
		for (String reason : why) {
			fail(probe, response, reason);
		}
	}

	/** The same request with the same key again: the first answer, and nothing stored twice. */
	private static void replay(String family, Probe probe, HttpResponse<String> first, List<String> why) {
		Map<String, Long> before = rowCounts();
		HttpResponse<String> again = Http.send(request(probe));
		sentInProperty++;
		statuses.computeIfAbsent(family, p -> new TreeMap<>()).merge(again.statusCode(), 1, Integer::sum);
		Map<String, Long> delta = delta(before, rowCounts());
		if (!delta.isEmpty()) {
			why.add("a replay with the same Idempotency-Key changed " + delta);
		}
		JsonNode firstBody = readJson(first, why);
		JsonNode againBody = readJson(again, why);
		if (again.statusCode() != first.statusCode() || firstBody == null || !firstBody.equals(againBody)) {
			why.add("a replay with the same Idempotency-Key answered " + again.statusCode() + " "
					+ abbreviate(again.body(), 300) + " instead of the first answer");
		}
	}

	private static void checkProblem(Probe probe, HttpResponse<String> response, List<String> why) {
		int status = response.statusCode();
		String contentType = response.headers().firstValue("Content-Type").orElse("");
		if (!contentType.startsWith("application/problem+json")) {
			why.add("a " + status + " that is not an application/problem+json problem");
			return;
		}
		JsonNode problem;
		try {
			problem = strictJson.readTree(response.body());
		}
		catch (RuntimeException ex) {
			why.add("a problem whose body is not JSON");
			return;
		}
		if (!problem.path("type").isString() || problem.path("type").asString().isBlank()
				|| !problem.path("title").isString() || problem.path("status").asInt(-1) != status) {
			why.add("a problem without type, title and its status");
			return;
		}
		if (status == 400 && probe.namesFields()) {
			JsonNode errors = problem.path("errors");
			if (!errors.isArray() || errors.isEmpty()) {
				why.add("a 400 problem without errors");
				return;
			}
			for (JsonNode error : errors) {
				if (!error.path("field").isString() || error.path("field").asString().isBlank()
						|| !error.path("reason").isString()) {
					why.add("a 400 problem with an error that names no field");
					return;
				}
			}
			if (!probe.touched().isEmpty() && !namesATouchedField(errors, probe.touched())) {
				why.add("a 400 problem naming a field the request does not have");
			}
		}
	}

	/**
	 * Whether an error names a field of the request (one it has, or one a mutation removed),
	 * its parent or something inside it: a wrong {@code schedule} object may be reported as
	 * {@code schedule.callingWindow}, a removed {@code recipients[2].phoneNumber} as
	 * {@code phoneNumber} of index 2, an unreadable body as {@code body}, a request rejected
	 * before the API saw it (a malformed URI) as {@code request}, JSON sent as CSV by its
	 * {@code header}.
	 */
	private static boolean namesATouchedField(JsonNode errors, List<String> touched) {
		for (JsonNode error : errors) {
			String field = error.path("field").asString();
			String path = error.path("index").isNumber() ? "[" + error.path("index").asInt() + "]." + field : field;
			for (String damaged : touched) {
				if (WHOLE_BODY.contains(field) || related(path, damaged)
						|| related(path, parent(damaged))) {
					return true;
				}
			}
		}
		return false;
	}

	/** Fields that name the whole body or request, or a CSV body's parts (when JSON is sent as CSV). */
	private static final Set<String> WHOLE_BODY = Set.of("body", "request", "header", "row");

	private static boolean related(String a, String b) {
		return !b.isEmpty() && (a.equals(b) || a.startsWith(b + ".") || a.startsWith(b + "[") || b.startsWith(a + ".")
				|| b.startsWith(a + "["));
	}

	private static String parent(String path) {
		int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
		return cut <= 0 ? "" : path.substring(0, cut);
	}

	private static void fail(Probe probe, @Nullable HttpResponse<String> response, String reason) {
		String answer = response == null ? "no answer"
				: response.statusCode() + " " + response.headers().firstValue("Content-Type").orElse("(no type)") + " "
						+ abbreviate(response.body(), 500);
		failures.add(reason + "\n" + probe.describe() + "\n  answered: " + answer + "\n");
	}

	private static HttpRequest request(Probe probe) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + probe.path()))
			.timeout(Duration.ofSeconds(30));
		probe.headers().forEach(request::header);
		HttpRequest.BodyPublisher body = probe.chunked()
				? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(probe.body()))
				: HttpRequest.BodyPublishers.ofByteArray(probe.body());
		return request.method(probe.method(), probe.method().equals("GET") && probe.body().length == 0
				? HttpRequest.BodyPublishers.noBody() : body).build();
	}

	// ---------------------------------------------------------------------------------------
	// row counts: a rejected request must leave every one of them as it was

	private static final List<String> TABLES = List.of("campaign", "recipient", "call_attempt", "suppression",
			"api_key", "idempotency_key", "outbox", "webhook_subscription", "webhook_delivery");

	private static final String COUNT_ROWS = TABLES.stream()
		.map(table -> "(select count(*) from " + table + ") as " + table)
		.collect(Collectors.joining(", ", "select ", ""));

	private static Map<String, Long> rowCounts() {
		return jdbc.sql(COUNT_ROWS).query((rs, row) -> {
			Map<String, Long> counts = new LinkedHashMap<>();
			for (String table : TABLES) {
				counts.put(table, rs.getLong(table));
			}
			return counts;
		}).single();
	}

	private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
		Map<String, Long> delta = new TreeMap<>();
		before.forEach((table, n) -> {
			if (!Objects.equals(after.get(table), n)) {
				delta.put(table, after.get(table) - n);
			}
		});
		return delta;
	}

	private static void expectDelta(Map<String, Long> delta, Map<String, Long> expected, List<String> why) {
		Map<String, Long> wanted = new TreeMap<>();
		expected.forEach((table, n) -> {
			if (n != 0) {
				wanted.put(table, n);
			}
		});
		if (!delta.equals(wanted)) {
			why.add("accepted, but the stored rows do not match: changed " + delta + ", expected " + wanted);
		}
	}

	// ---------------------------------------------------------------------------------------
	// campaigns: create and preview

	@Provide
	Arbitrary<Probe> campaignCreations() {
		return Combinators
			.combine(campaigns(), mutations().list().ofMaxSize(3), jsonEnvelopes(), idempotencyKeys())
			.as((campaign, mutations, envelope, key) -> {
				List<String> touched = new ArrayList<>();
				String rejection = null;
				for (Mutation mutation : mutations) {
					touched.add(mutation.apply(campaign, "recipients"));
				}
				rejection = violations(campaign, CAMPAIGN, "");
				touched = fields(campaign, "recipients", touched);
				Map<String, String> headers = jsonHeaders();
				if (key != null) {
					headers.put("Idempotency-Key", key);
					touched.add("Idempotency-Key");
				}
				Probe probe = new Probe("POST", CAMPAIGNS, headers, utf8(json(campaign)), false, rejection, touched,
						true, createAcceptance(campaign, key));
				return probe.withEnvelope(envelope.apply(probe, campaign));
			});
	}

	@Provide
	Arbitrary<Probe> campaignPreviews() {
		return Combinators.combine(campaigns(), mutations().list().ofMaxSize(3), jsonEnvelopes())
			.as((campaign, mutations, envelope) -> {
				List<String> touched = new ArrayList<>();
				for (Mutation mutation : mutations) {
					touched.add(mutation.apply(campaign, "recipients"));
				}
				String violation = violations(campaign, CAMPAIGN, "");
				Probe probe = new Probe("POST", CAMPAIGNS + "/preview", jsonHeaders(), utf8(json(campaign)), false,
						null, fields(campaign, "recipients", touched), true, (response, delta, why) -> {
							expectDelta(delta, Map.of(), why);
							JsonNode answer = readJson(response, why);
							if (answer == null) {
								return;
							}
							if (answer.path("valid").asBoolean(false) != answer.path("errors").isEmpty()) {
								why.add("a preview whose validity disagrees with its errors");
							}
							if (violation != null && answer.path("valid").asBoolean(false)) {
								why.add("a preview that calls a campaign valid although " + violation);
							}
						});
				return probe.withEnvelope(envelope.apply(probe, campaign));
			});
	}

	private static Acceptance createAcceptance(Map<String, Object> campaign, @Nullable String key) {
		return (response, delta, why) -> {
			if (response.statusCode() != 201) {
				why.add("a create answered " + response.statusCode() + " instead of 201");
				return;
			}
			JsonNode created = readJson(response, why);
			if (created == null) {
				return;
			}
			List<?> recipients = campaign.get("recipients") instanceof List<?> list ? list : List.of();
			Map<String, Long> expected = new LinkedHashMap<>();
			expected.put("campaign", 1L);
			expected.put("recipient", (long) recipients.size());
			expected.put("idempotency_key", key == null ? 0L : 1L);
			expected.put("outbox", delta.getOrDefault("outbox", 0L));
			expectDelta(delta, expected, why);
			if (created.at("/counts/total").asLong(-1) != recipients.size()) {
				why.add("accepted, but the answer counts " + created.at("/counts/total") + " recipients of "
						+ recipients.size());
			}
			String name = String.valueOf(campaign.get("name")).strip();
			String storedName = jdbc.sql("select name from campaign where id = ?::uuid")
				.param(created.path("id").asString())
				.query(String.class)
				.optional()
				.orElse(null);
			if (!name.equals(storedName) && !String.valueOf(campaign.get("name")).trim().equals(storedName)) {
				why.add("accepted, but the name is stored as " + quoted(storedName) + " instead of " + quoted(name));
			}
			checkStoredRecipients(created.path("id").asString(), recipients, why);
		};
	}

	/** The recipients stored last in the campaign are the ones sent, metadata verbatim. */
	private static void checkStoredRecipients(String campaignId, List<?> sent, List<String> why) {
		List<Map<String, String>> stored = jdbc
			.sql("select phone_number, external_id, metadata::text as metadata from recipient"
					+ " where campaign_id = ?::uuid order by id desc limit ?")
			.params(campaignId, sent.size())
			.query((rs, row) -> {
				Map<String, String> recipient = new LinkedHashMap<>();
				recipient.put("phoneNumber", rs.getString("phone_number"));
				recipient.put("externalId", rs.getString("external_id"));
				recipient.put("metadata", rs.getString("metadata"));
				return recipient;
			})
			.list();
		Collections.reverse(stored);
		if (stored.size() != sent.size()) {
			return; // reported by the row counts
		}
		for (int i = 0; i < sent.size(); i++) {
			Map<?, ?> recipient = (Map<?, ?>) sent.get(i);
			Map<String, String> row = stored.get(i);
			if (!row.get("phoneNumber").matches("\\+[1-9][0-9]{6,14}")) {
				why.add("accepted, but recipient " + i + "'s number is stored as " + quoted(row.get("phoneNumber")));
			}
			Object externalId = recipient.get("externalId") == NULL ? null : recipient.get("externalId");
			if (!Objects.equals(externalId, row.get("externalId"))) {
				why.add("accepted, but recipient " + i + "'s externalId is stored as " + quoted(row.get("externalId"))
						+ " instead of " + quoted(String.valueOf(externalId)));
			}
			Object metadata = recipient.get("metadata") == NULL ? null : recipient.get("metadata");
			JsonNode sentMetadata = strictJson.readTree(metadata == null ? "{}" : json(metadata));
			JsonNode storedMetadata = strictJson.readTree(row.get("metadata"));
			if (!sentMetadata.equals(storedMetadata)) {
				why.add("accepted, but recipient " + i + "'s metadata is stored as " + abbreviate(visible(utf8(
						storedMetadata.toString())), 300) + " instead of "
						+ abbreviate(visible(utf8(json(metadata))), 300));
			}
		}
	}

	private static Arbitrary<Map<String, Object>> campaigns() {
		Arbitrary<Map<String, Object>> settings = Arbitraries.of(true, false).map(full -> {
			Map<String, Object> campaign = new LinkedHashMap<>();
			campaign.put("name", "fuzz " + UUID.randomUUID());
			if (full) {
				campaign.put("schedule", object("startAt", "2026-11-23T07:00:00Z", "endAt", "2027-11-24T07:00:00Z",
						"callingWindow",
						object("start", "09:00", "end", "20:00", "days", list("MON", "TUE", "WED", "THU", "FRI")),
						"defaultTimeZone", "Europe/London", "blackoutDates", list("2026-12-25")));
				campaign.put("retry", object("maxAttempts", 3, "backoff", "PT30M", "retryOn", list("NO_ANSWER", "BUSY")));
				campaign.put("rateLimit", object("callsPerMinute", 60, "maxConcurrentCalls", 20));
				campaign.put("call", object("environment", "live", "variantId", null, "encryption", "TLS/SRTP"));
			}
			return campaign;
		});
		return Combinators.combine(settings, hostileStrings().injectNull(0.9), recipients().list().ofMaxSize(4))
			.as((campaign, name, recipients) -> {
				if (name != null) {
					campaign.put("name", name);
				}
				campaign.put("recipients", new ArrayList<Object>(recipients));
				return campaign;
			});
	}

	// ---------------------------------------------------------------------------------------
	// appends: JSON and CSV

	@Provide
	Arbitrary<Probe> jsonAppends() {
		return Combinators
			.combine(recipients().list().ofMaxSize(4), mutations().list().ofMaxSize(2), jsonEnvelopes(),
					appendTargets())
			.as((recipients, mutations, envelope, target) -> {
				List<Object> array = new ArrayList<>(recipients);
				Map<String, Object> holder = new LinkedHashMap<>();
				holder.put("recipients", array);
				List<String> touched = new ArrayList<>();
				for (Mutation mutation : mutations) {
					touched.add(mutation.apply(holder, "recipients"));
				}
				touched = fields(holder, "recipients", touched);
				Object body = holder.containsKey("recipients") ? holder.get("recipients") : holder;
				String rejection = target.rejection() != null ? target.rejection()
						: violations(body, RECIPIENT_ARRAY, "");
				Probe probe = new Probe("POST", CAMPAIGNS + "/" + target.id() + "/recipients", jsonHeaders(),
						utf8(json(body)), false, rejection, touched, true,
						appendAcceptance(target.id(), body instanceof List<?> list ? list : List.of()));
				return probe.withEnvelope(envelope.apply(probe, body));
			});
	}

	@Provide
	Arbitrary<Probe> csvAppends() {
		return Combinators.combine(csvUploads(), csvDamage(), appendTargets()).as((upload, damage, target) -> {
			Map<String, String> headers = new LinkedHashMap<>();
			headers.put("Authorization", authorization);
			headers.put("Content-Type", damage.contentType());
			byte[] body = damage.apply(upload.text(), upload.columns());
			String rejection = target.rejection() != null ? target.rejection()
					: damage.rejection() != null ? damage.rejection() : upload.rejection();
			if (rejection == null && body.length > MAX_CSV_BODY) {
				rejection = "the body is over max-csv-body";
			}
			List<Object> expected = new ArrayList<>(upload.recipients());
			return new Probe("POST", CAMPAIGNS + "/" + target.id() + "/recipients", headers, body, damage.chunked(),
					rejection, List.of(), true, appendAcceptance(target.id(), expected));
		});
	}

	private static Acceptance appendAcceptance(String campaign, List<?> recipients) {
		return (response, delta, why) -> {
			JsonNode appended = readJson(response, why);
			if (appended == null) {
				return;
			}
			expectDelta(delta, Map.of("recipient", (long) recipients.size(), "outbox", delta.getOrDefault("outbox", 0L)),
					why);
			if (appended.path("added").asLong(-1) != recipients.size()) {
				why.add("accepted, but the answer says " + appended.path("added") + " added of " + recipients.size());
			}
			checkStoredRecipients(campaign, recipients, why);
		};
	}

	/** Where an append goes: mostly a running campaign, sometimes one that cannot take it. */
	record Target(String id, @Nullable String rejection) {
	}

	private static Arbitrary<Target> appendTargets() {
		return Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just(0).map(i -> new Target(running, null))),
				Tuple.of(2, Arbitraries.just(0).map(i -> new Target(paused, null))),
				Tuple.of(1, Arbitraries.just(0).map(i -> new Target(cancelled, "the campaign is cancelled"))),
				Tuple.of(1, hostileIds().map(id -> new Target(id, "the campaign does not exist"))));
	}

	/** A CSV upload as the test wrote it, and the recipients it stands for. */
	record CsvUpload(String text, int columns, List<Object> recipients, @Nullable String rejection) {
	}

	private static final List<String> KNOWN_COLUMNS = List.of("phone_number", "country_code", "time_zone",
			"external_id", "not_before", "not_after");

	private static Arbitrary<CsvUpload> csvUploads() {
		Arbitrary<List<String>> extraColumns = Arbitraries
			.oneOf(tokenKeys(), hostileKeys(), Arbitraries.of("note", "X-Injected", "Via", "first name"))
			.list()
			.ofMaxSize(3);
		Arbitrary<List<String>> cells = Arbitraries
			.frequencyOf(Tuple.of(6, Arbitraries.strings().alpha().numeric().ofMaxLength(12)),
					Tuple.of(3, hostileStrings()), Tuple.of(1, Arbitraries.just("")))
			.map(PublicApiFuzzIntegrationTests::asSent)
			.list()
			.ofSize(6);
		return Combinators
			.combine(extraColumns, cells.list().ofMaxSize(5), Arbitraries.of(true, false), Arbitraries.of(true, false),
					Arbitraries.of("\n", "\r\n", "\r"))
			.as((extra, rows, withExternalId, bom, newline) -> {
				List<String> header = new ArrayList<>(List.of("phone_number"));
				if (withExternalId) {
					header.add("external_id");
				}
				extra.stream().map(PublicApiFuzzIntegrationTests::asSent).forEach(header::add);
				String rejection = null;
				List<String> names = header.stream().map(String::trim).toList();
				if (names.stream().distinct().count() != names.size() || names.contains("")) {
					rejection = "the header repeats a column or has an empty one";
				}
				StringBuilder text = new StringBuilder(bom ? "\uFEFF" : "");
				text.append(header.stream().map(PublicApiFuzzIntegrationTests::csvCell).collect(Collectors.joining(",")))
					.append(newline);
				List<Object> recipients = new ArrayList<>();
				for (List<String> row : rows) {
					List<String> line = new ArrayList<>();
					Map<String, Object> recipient = new LinkedHashMap<>();
					Map<String, Object> metadata = new LinkedHashMap<>();
					for (int column = 0; column < header.size(); column++) {
						String name = names.get(column);
						String value = column == 0 ? freshNumber(row.get(0).length() % 2 == 0 ? 0 : 3)
								: column < row.size() ? row.get(column) : "";
						line.add(value);
						if (name.equals("phone_number")) {
							recipient.put("phoneNumber", value);
						}
						else if (name.equals("external_id")) {
							recipient.put("externalId", value.isEmpty() ? null : value);
						}
						else if (KNOWN_COLUMNS.contains(name)) {
							recipient.put(name, value.isEmpty() ? null : value);
						}
						else if (!value.isEmpty()) {
							metadata.put(name, value);
						}
					}
					recipient.put("metadata", metadata);
					recipients.add(recipient);
					text.append(line.stream().map(PublicApiFuzzIntegrationTests::csvCell).collect(Collectors.joining(",")))
						.append(newline);
				}
				if (rejection == null) {
					rejection = violations(recipients, RECIPIENT_ARRAY, "");
				}
				return new CsvUpload(text.toString(), header.size(), recipients, rejection);
			});
	}

	/** Damage to a CSV upload, and whether the damage alone must get it rejected. */
	enum CsvDamage {

		NONE(null), UNCLOSED_QUOTE("a quote is never closed"), MISSING_CELL("a row has fewer cells than the header"),
		EXTRA_CELL("a row has more cells than the header"), INVALID_UTF8("the body is not UTF-8"),
		NUL_IN_HEADER(null), NO_HEADER("there is no header"), EMPTY("the body is empty"),
		NO_PHONE_COLUMN("there is no phone_number column"), OVERSIZED("the body is over max-csv-body"),
		OVERSIZED_CHUNKED("the body is over max-csv-body"), CHUNKED(null), WRONG_CONTENT_TYPE("it is not CSV"),
		CSV_WITH_PARAMETERS(null);

		final @Nullable String rejection;

		CsvDamage(@Nullable String rejection) {
			this.rejection = rejection;
		}

	}

	record Damage(CsvDamage kind, int where) {

		@Nullable String rejection() {
			return kind.rejection;
		}

		boolean chunked() {
			return kind == CsvDamage.OVERSIZED_CHUNKED || kind == CsvDamage.CHUNKED;
		}

		String contentType() {
			return switch (kind) {
				case WRONG_CONTENT_TYPE -> List.of("text/plain", "application/octet-stream", "text/tab-separated-values",
						"multipart/form-data; boundary=x").get(where % 4);
				case CSV_WITH_PARAMETERS -> List.of("text/csv; charset=utf-8", "TEXT/CSV", "text/csv;header=present")
					.get(where % 3);
				default -> "text/csv";
			};
		}

		byte[] apply(String csv, int columns) {
			int firstNewline = csv.indexOf('\n') >= 0 ? csv.indexOf('\n') : csv.indexOf('\r');
			String row = "+1212736" + String.format("%04d", 9000 + where % 1000);
			return switch (kind) {
				case NONE, CHUNKED, WRONG_CONTENT_TYPE, CSV_WITH_PARAMETERS -> utf8(csv);
				case UNCLOSED_QUOTE -> utf8(csv + "\"+12127360000,open");
				case MISSING_CELL -> columns > 1 ? utf8(csv + row + ",".repeat(columns - 2) + "\n")
						: utf8(csv.replaceFirst("phone_number", "phone_number,a") + row + "\n");
				case EXTRA_CELL -> utf8(csv + row + ",x".repeat(columns) + "\n");
				case INVALID_UTF8 -> {
					byte[] invalid = INVALID_UTF8_SEQUENCES.get(where % INVALID_UTF8_SEQUENCES.size());
					ByteArrayOutputStream out = new ByteArrayOutputStream();
					out.writeBytes(utf8(csv + row));
					for (int i = 1; i < columns; i++) {
						out.writeBytes(utf8(",x"));
						out.writeBytes(invalid);
					}
					out.writeBytes(columns > 1 ? new byte[0] : invalid);
					out.writeBytes(utf8("\n"));
					yield out.toByteArray();
				}
				case NUL_IN_HEADER -> utf8(csv.replaceFirst("phone_number", "a\u0000b,phone_number")
					.replaceAll("(\r\n|\n|\r)(?=[^\r\n])", "$1v,"));
				case NO_HEADER -> utf8(csv.substring(firstNewline + 1));
				case EMPTY -> new byte[where % 2 == 0 ? 0 : 1];
				case NO_PHONE_COLUMN -> utf8(csv.replaceFirst("phone_number", "phone"));
				case OVERSIZED, OVERSIZED_CHUNKED -> utf8(csv + "\n".repeat(MAX_CSV_BODY + 1 + where % 1000));
			};
		}

	}

	private static Arbitrary<Damage> csvDamage() {
		return Combinators.combine(Arbitraries.frequency(Tuple.of(40, CsvDamage.NONE), Tuple.of(3, CsvDamage.UNCLOSED_QUOTE),
				Tuple.of(3, CsvDamage.MISSING_CELL), Tuple.of(3, CsvDamage.EXTRA_CELL), Tuple.of(4, CsvDamage.INVALID_UTF8),
				Tuple.of(2, CsvDamage.NUL_IN_HEADER), Tuple.of(2, CsvDamage.NO_HEADER), Tuple.of(2, CsvDamage.EMPTY),
				Tuple.of(2, CsvDamage.NO_PHONE_COLUMN), Tuple.of(2, CsvDamage.OVERSIZED),
				Tuple.of(2, CsvDamage.OVERSIZED_CHUNKED), Tuple.of(4, CsvDamage.CHUNKED),
				Tuple.of(2, CsvDamage.WRONG_CONTENT_TYPE), Tuple.of(2, CsvDamage.CSV_WITH_PARAMETERS)),
				Arbitraries.integers().between(0, 1_000_000))
			.as(Damage::new);
	}

	// ---------------------------------------------------------------------------------------
	// suppressions: JSON and CSV

	@Provide
	Arbitrary<Probe> suppressions() {
		Arbitrary<Map<String, Object>> suppression = Combinators
			.combine(Arbitraries.of(true, false), hostileStrings().injectNull(0.3), Arbitraries.of(true, false))
			.as((national, reason, withReason) -> {
				Map<String, Object> body = new LinkedHashMap<>();
				String number = freshSuppressedNumber();
				body.put("phoneNumber", national ? "020 " + number.substring(5, 9) + " " + number.substring(9) : number);
				if (national) {
					body.put("countryCode", "GB");
				}
				if (withReason) {
					body.put("reason", reason);
				}
				return body;
			});
		return Combinators.combine(suppression, mutations().list().ofMaxSize(2), jsonEnvelopes())
			.as((body, mutations, envelope) -> {
				List<String> touched = new ArrayList<>();
				for (Mutation mutation : mutations) {
					touched.add(mutation.apply(body, ""));
				}
				Probe probe = new Probe("POST", "/api/v1/suppressions", jsonHeaders(), utf8(json(body)), false,
						violations(body, SUPPRESSION, ""), fields(body, "", touched), true, suppressionAcceptance(body));
				return probe.withEnvelope(envelope.apply(probe, body));
			});
	}

	private static Acceptance suppressionAcceptance(Map<String, Object> body) {
		return (response, delta, why) -> {
			JsonNode answer = readJson(response, why);
			if (answer == null) {
				return;
			}
			boolean added = response.statusCode() == 201;
			expectDelta(delta, Map.of("suppression", added ? 1L : 0L), why);
			String number = answer.path("phoneNumber").asString("");
			String reason = jdbc.sql("select reason from suppression where tenant = ? and phone_number = ?")
				.params(tenant, number)
				.query(String.class)
				.optional()
				.orElse(null);
			Object sent = body.get("reason") == NULL ? null : body.get("reason");
			if (added && !Objects.equals(reason, sent)) {
				why.add("accepted, but the reason is stored as " + quoted(reason) + " instead of "
						+ quoted(String.valueOf(body.get("reason"))));
			}
		};
	}

	@Provide
	Arbitrary<Probe> suppressionImports() {
		Arbitrary<List<String>> reasons = Arbitraries
			.frequencyOf(Tuple.of(5, Arbitraries.strings().alpha().ofMaxLength(10)), Tuple.of(3, hostileStrings()))
			.list()
			.ofMaxSize(5);
		return Combinators.combine(reasons, Arbitraries.of(true, false), csvDamage()).as((rows, withReason, damage) -> {
			StringBuilder csv = new StringBuilder(withReason ? "phone_number,reason\n" : "phone_number\n");
			Map<String, String> expected = new LinkedHashMap<>();
			for (String given : rows) {
				String reason = asSent(given);
				String number = freshSuppressedNumber();
				expected.put(number, withReason ? reason : null);
				csv.append(number);
				if (withReason) {
					csv.append(',').append(csvCell(reason));
				}
				csv.append('\n');
			}
			Map<String, String> headers = new LinkedHashMap<>();
			headers.put("Authorization", authorization);
			headers.put("Content-Type", damage.contentType());
			byte[] body = damage.apply(csv.toString(), withReason ? 2 : 1);
			String rejection = damage.rejection();
			if (rejection == null) {
				rejection = expected.values().stream().filter(Objects::nonNull)
					.filter(reason -> reason.length() > 500).findFirst()
					.map(reason -> "a reason is over 500 characters")
					.orElse(null);
			}
			return new Probe("POST", "/api/v1/suppressions/import", headers, body, damage.chunked(), rejection, List.of(), true,
					(response, delta, why) -> {
						JsonNode answer = readJson(response, why);
						if (answer == null) {
							return;
						}
						if (!answer.path("errors").isEmpty()) {
							why.add("a partial import: accepted with errors " + abbreviate(answer.path("errors")
								.toString(), 300));
						}
						expectDelta(delta, Map.of("suppression", (long) expected.size()), why);
						expected.forEach((number, reason) -> {
							List<String> stored = jdbc
								.sql("select coalesce(reason, '<null>') from suppression where tenant = ? and phone_number = ?")
								.params(tenant, number)
								.query(String.class)
								.list();
							String wanted = reason == null || reason.isEmpty() ? null : reason;
							String got = stored.isEmpty() || stored.get(0).equals("<null>") ? null : stored.get(0);
							if (!stored.isEmpty() && !Objects.equals(wanted, got)) {
								why.add("accepted, but the reason of " + number + " is stored as " + quoted(got)
										+ " instead of " + quoted(wanted));
							}
						});
					});
		});
	}

	// ---------------------------------------------------------------------------------------
	// webhooks

	@Provide
	Arbitrary<Probe> webhooks() {
		Arbitrary<String> urls = Arbitraries.frequencyOf(
				Tuple.of(4, Arbitraries.strings().alpha().numeric().ofMaxLength(20).map(p -> "https://hooks.example.com/" + p)),
				Tuple.of(3, Arbitraries.of("http://a/\r\nX-Injected: 1", "https://h.example/x\u0000", "javascript:alert(1)",
						"file:///etc/passwd", "http://user:pw@h.example/", "https://h.example/#frag", "//h.example/x",
						"https://例え.jp/パス", "http://[::1]:8080/", "https://h.example/" + "a".repeat(3000), " ", "",
						"https://h.example/%0d%0aVia:%20SIP/2.0", "https://h.example/ok\u2028")),
				Tuple.of(2, hostileStrings().map(s -> "https://h.example/" + s)));
		Arbitrary<List<String>> events = Arbitraries
			.frequencyOf(Tuple.of(5, Arbitraries.of("recipient.completed", "campaign.completed")),
					Tuple.of(1, hostileStrings()))
			.list()
			.ofMaxSize(3);
		return Combinators.combine(urls, events, mutations().list().ofMaxSize(2), jsonEnvelopes())
			.as((url, eventList, mutations, envelope) -> {
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("url", url);
				body.put("events", new ArrayList<Object>(eventList));
				List<String> touched = new ArrayList<>();
				for (Mutation mutation : mutations) {
					touched.add(mutation.apply(body, ""));
				}
				Probe probe = new Probe("POST", "/api/v1/webhooks", jsonHeaders(), utf8(json(body)), false,
						violations(body, WEBHOOK, ""), fields(body, "", touched), true, (response, delta, why) -> {
							JsonNode created = readJson(response, why);
							if (created == null) {
								return;
							}
							expectDelta(delta, Map.of("webhook_subscription", 1L), why);
							String stored = jdbc.sql("select url from webhook_subscription where id = ?::uuid")
								.param(created.path("id").asString())
								.query(String.class)
								.optional()
								.orElse(null);
							if (!String.valueOf(body.get("url")).strip().equals(stored)) {
								why.add("accepted, but the url is stored as " + quoted(stored));
							}
						});
				return probe.withEnvelope(envelope.apply(probe, body));
			});
	}

	// ---------------------------------------------------------------------------------------
	// reads and lifecycle, with hostile ids and parameters

	@Provide
	Arbitrary<Probe> reads() {
		Arbitrary<String> parameter = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of("", "-1", "0", "1",
				"-2147483648", "2147483647", "2147483648", "99999999999999999999", "1e3", "0x10", " 1", "NaN", "abc",
				"1.5", "١", "RUNNING", "running", "DONE", "COMPLETED", "PENDING")), Tuple.of(2, hostileStrings()));
		Arbitrary<String> id = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(0).map(i -> running)),
				Tuple.of(1, Arbitraries.just(0).map(i -> cancelled)), Tuple.of(4, hostileIds()));
		Arbitrary<String> accept = Arbitraries.of("application/json", "text/csv", "*/*", "text/html", "application/xml",
				"text/csv;q=0.5, application/json", "application/problem+json", "image/png", "");
		return Combinators.combine(Arbitraries.integers().between(0, 13), id, parameter, parameter, parameter, accept)
			.as((endpoint, target, a, b, c, wanted) -> {
				String path = switch (endpoint) {
					case 0 -> CAMPAIGNS + "?status=" + encode(a) + "&page=" + encode(b) + "&size=" + encode(c);
					case 1 -> CAMPAIGNS + "/" + target;
					case 2 -> CAMPAIGNS + "/" + target + "/recipients?state=" + encode(a) + "&outcome=" + encode(b)
							+ "&page=" + encode(c) + "&size=" + encode(a);
					case 3 -> CAMPAIGNS + "/" + target + "/report";
					case 4 -> "/api/v1/calls/" + target;
					case 5 -> "/api/v1/suppressions?page=" + encode(a) + "&size=" + encode(b);
					case 6 -> "/api/v1/webhooks/" + target;
					case 7 -> "/api/v1/webhooks/" + target + "/deliveries?limit=" + encode(a);
					case 8 -> "/api/v1/api-keys?page=" + encode(a) + "&size=" + encode(b);
					case 9 -> CAMPAIGNS + "?page=" + encode(a) + "&page=" + encode(b);
					case 10 -> "/api/v1/suppressions/" + target;
					case 11 -> "/api/v1/webhooks/" + target;
					case 12 -> "/api/v1/webhooks/deliveries/" + encode(a) + "/redeliver";
					default -> "/api/v1/api-keys/" + target;
				};
				String method = switch (endpoint) {
					case 10, 11, 13 -> "DELETE";
					case 12 -> "POST";
					default -> "GET";
				};
				Map<String, String> headers = new LinkedHashMap<>();
				headers.put("Authorization", authorization);
				if (!wanted.isEmpty()) {
					headers.put("Accept", wanted);
				}
				String table = switch (endpoint) {
					case 10 -> "suppression";
					case 11 -> "webhook_subscription";
					case 13 -> "api_key";
					default -> null;
				};
				return new Probe(method, path, headers, new byte[0], false, null, List.of(), true,
						(response, delta, why) -> expectDelta(delta,
								table == null || response.statusCode() != 204 ? Map.of() : Map.of(table, -1L), why));
			});
	}

	@Provide
	Arbitrary<Probe> lifecycle() {
		Arbitrary<String> action = Arbitraries.frequencyOf(
				Tuple.of(6, Arbitraries.of("pause", "resume", "cancel")),
				Tuple.of(1, Arbitraries.of("PAUSE", "delete", "pause/", "pause;x=1", "..%2Fpause", "%70ause")),
				Tuple.of(1, hostileStrings().map(PublicApiFuzzIntegrationTests::encode)));
		Arbitrary<String> id = Arbitraries.frequencyOf(
				Tuple.of(5, Arbitraries.integers().between(0, 2).map(i -> steered.get(i))),
				Tuple.of(1, Arbitraries.just(0).map(i -> cancelled)), Tuple.of(3, hostileIds()));
		Arbitrary<byte[]> body = Arbitraries.of("", "{}", "null", "{\"status\":\"RUNNING\"}", "\u0000")
			.map(PublicApiFuzzIntegrationTests::utf8);
		return Combinators.combine(id, action, body, jsonEnvelopes()).as((target, verb, payload, envelope) -> {
			Map<String, String> headers = new LinkedHashMap<>();
			headers.put("Authorization", authorization);
			Probe probe = new Probe("POST", CAMPAIGNS + "/" + target + "/" + verb, headers, payload, false, null,
					List.of(), true, (response, delta, why) -> expectDelta(delta,
							Map.of("outbox", delta.getOrDefault("outbox", 0L)), why));
			if (envelope.kind() == JsonEnvelope.BAD_AUTHORIZATION) {
				return probe.withEnvelope(envelope.apply(probe, null));
			}
			return probe;
		});
	}

	/** Ids that name nothing, or name it in a hostile spelling. */
	private static Arbitrary<String> hostileIds() {
		return Arbitraries.frequencyOf(
				Tuple.of(2, Arbitraries.just(0).map(i -> UUID.randomUUID().toString())),
				Tuple.of(3, Arbitraries.of("not-a-uuid", "00000000-0000-0000-0000-000000000000", "1-1-1-1-1",
						"ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ", "%7B" + UUID.randomUUID() + "%7D", "%20", "%00", "%0d%0a",
						"%2e%2e", "..", "%2F", "a%2Fb", "x;y=1", "%25", "-1", "9223372036854775808", "+14155550101",
						"%2B14155550101", "null", "undefined", "x".repeat(5000), "%E2%80%A8", "%C0%AF", "%FF%FE",
						"OUT-" + "9".repeat(40), "%ED%A0%80")),
				Tuple.of(2, hostileStrings().map(PublicApiFuzzIntegrationTests::encode)));
	}

	// ---------------------------------------------------------------------------------------
	// recipients and their metadata

	private static Arbitrary<Map<String, Object>> recipients() {
		Arbitrary<@Nullable String> hostilePhone = Arbitraries.frequencyOf(
				Tuple.of(12, Arbitraries.just(null)),
				Tuple.of(1, Arbitraries.of("garbage", "", " ", "+", "+0", "+1", "+" + "9".repeat(40),
						"+44 20 7946 0001\r\nVia: SIP/2.0/UDP attacker.example", "+١٢١٢٧٣٦٠٠٠٠", "+１２１２７３６００００",
						"tel:+12127360000", "+1 (212) 736-0000 ext. 1234", "0", "+1212736000\u0000", "+999999999999",
						"112", "+800 1234 5678", "+44 20 7946 0001;x=1", "sip:x@y")),
				Tuple.of(1, hostileStrings()));
		Arbitrary<@Nullable String> externalIds = Arbitraries
			.frequencyOf(Tuple.of(6, Arbitraries.strings().alpha().numeric().ofMaxLength(20)),
					Tuple.of(2, hostileStrings()))
			.injectNull(0.4);
		Arbitrary<@Nullable String> zones = Arbitraries
			.frequencyOf(Tuple.of(10, Arbitraries.just(null)),
					Tuple.of(2, Arbitraries.of("America/New_York", "Europe/London", "UTC")),
					Tuple.of(1, Arbitraries.of("Moon/Base", "EST", "+05:00", "America/New_York\u0000", "../../etc/zone",
							"", "Z")));
		Arbitrary<@Nullable String> instants = Arbitraries
			.frequencyOf(Tuple.of(10, Arbitraries.just(null)),
					Tuple.of(1, Arbitraries.of("2026-11-23T15:00:00Z", "2099-01-01T00:00:00+14:00",
							"+999999999-12-31T23:59:59Z", "2026-13-45T25:61:61Z", "yesterday", "1e309", "")));
		return Combinators.combine(Arbitraries.integers().between(0, 3), hostilePhone, externalIds, zones, instants,
				metadata())
			.as((spelling, phone, externalId, zone, notAfter, metadata) -> {
				Map<String, Object> recipient = new LinkedHashMap<>();
				String number = freshNumber(spelling);
				recipient.put("phoneNumber", phone != null ? phone : number);
				if (spelling == 1 && phone == null) {
					recipient.put("countryCode", "US");
				}
				if (externalId != null) {
					recipient.put("externalId", externalId);
				}
				if (zone != null) {
					recipient.put("timeZone", zone);
				}
				if (notAfter != null) {
					recipient.put("notAfter", notAfter);
				}
				if (metadata != null) {
					recipient.put("metadata", metadata);
				}
				return recipient;
			});
	}

	/**
	 * Metadata travels to PolyAI and on as SIP headers: safe values, values that try to start
	 * a header of their own, non-token keys, and sizes either side of the 26 KB base64 limit.
	 */
	private static Arbitrary<@Nullable Map<String, Object>> metadata() {
		Arbitrary<String> keys = Arbitraries.frequencyOf(Tuple.of(8, tokenKeys()), Tuple.of(2, hostileKeys()));
		Arbitrary<Object> values = Arbitraries.frequencyOf(
				Tuple.of(8, Arbitraries.strings().withCharRange(' ', '~').withCharRange('\u00a0', '\u024f')
					.ofMaxLength(30)),
				Tuple.of(4, hostileStrings()), Tuple.of(1, wrongTypes()),
				Tuple.of(1, Arbitraries.integers().between(18_500, 20_500).map("x"::repeat)));
		return Arbitraries.maps(keys, values)
			.ofMaxSize(4)
			.map(map -> (Map<String, Object>) new LinkedHashMap<String, Object>(map))
			.injectNull(0.3);
	}

	private static Arbitrary<String> tokenKeys() {
		return Arbitraries.strings()
			.withCharRange('a', 'z')
			.withCharRange('A', 'Z')
			.withCharRange('0', '9')
			.withChars("!#$%&'*+.^_`|~-")
			.ofMinLength(1)
			.ofMaxLength(64);
	}

	private static Arbitrary<String> hostileKeys() {
		return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of("", "a b", "X-Injected: 1", "a\r\nVia: SIP/2.0/UDP x",
				"\r\nX-Injected", "key\u0000", "ключ", "Via:", "a".repeat(65), "(comment)", "a,b", "a=b", "\"q\"",
				"a\tb", "a/b", "{}", "@", "a;b", "[x]", "k\u2028")), Tuple.of(1, hostileStrings()));
	}

	// ---------------------------------------------------------------------------------------
	// hostile values

	static final List<String> HOSTILE = List.of("", " ", "\u0000", "a\u0000b", "\r\nX-Injected: 1",
			"v\r\nVia: SIP/2.0/UDP attacker.example;branch=z9hG4bK776", "\nVia: SIP/2.0", "\rX-Injected: 1",
			"%0d%0aX-Injected:%201", "a\u2028b", "a\u2029b", "\u0085", "\u007f", "\t", "\u001b[31m", "\uFEFF", "\uD800",
			"\uDC00x", "x\uD83D", "😀", "'; drop table campaign; --", "\" or 1=1 --", "${jndi:ldap://x.example/a}",
			"<script>alert(1)</script>", "../../etc/passwd", "NaN", "Infinity", "-0", "1e309", "null", "true", "{}",
			"[]", "١٢٣", "＋４４２０", "\u202Egnp.exe", "Z\u0361\u0361\u0361", "\\", "\"", "\\u0000", "%00", "%s%n",
			"\u00ff\u00fe", "a".repeat(201), "b".repeat(501), "c".repeat(5000));

	private static Arbitrary<String> hostileStrings() {
		return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.of(HOSTILE)),
				Tuple.of(3, Arbitraries.strings().all().ofMaxLength(16)),
				Tuple.of(2, Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMinLength(1).ofMaxLength(3)
					.map(s -> "a" + s + "b")),
				Tuple.of(1, Arbitraries.strings().withCharRange('\u0080', '\u009f').ofMinLength(1).ofMaxLength(2)));
	}

	/** Values of every JSON kind, numbers beyond every type, and things that only look like JSON. */
	private static Arbitrary<Object> wrongTypes() {
		return Arbitraries.frequencyOf(Tuple.of(3, hostileStrings().map(s -> (Object) s)),
				Tuple.of(3, Arbitraries.of("0", "-1", "-0", "1.5", "2.0", "1e309", "-1e309", "1e-400",
						"9223372036854775808", "-9223372036854775809", "18446744073709551616", "2147483648",
						"-2147483649", "123456789012345678901234567890", "1E400", "0.1e1").map(Raw::new)),
				Tuple.of(1, Arbitraries.of(true, false).map(b -> (Object) b)), Tuple.of(1, Arbitraries.just(NULL)),
				Tuple.of(2, Arbitraries.of("[]", "{}", "[1,\"a\",null]", "{\"x\":1}", "[[[[[]]]]]", "{\"\":{\"\":{}}}")
					.map(Raw::new)),
				Tuple.of(1, Arbitraries.integers().between(600, 5000).map(depth -> (Object) new Raw(
						depth % 2 == 0 ? "[".repeat(depth) + "]".repeat(depth)
								: "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)))));
	}

	/** Tokens that are not JSON at all. */
	private static Arbitrary<Object> invalidTokens() {
		return Arbitraries.of("NaN", "Infinity", "-Infinity", "01", "+1", "0x10", ".5", "1.", "1e", "undefined",
				"'single'", "tru", "nul", "[1,]", "{\"a\"}", "{,}", "\"unterminated").map(Raw::new);
	}

	/** A JSON token written as is. */
	record Raw(String text) {
	}

	/** A JSON null as a map value (maps from jqwik hold no nulls of their own). */
	static final Raw NULL = new Raw("null");

	// ---------------------------------------------------------------------------------------
	// mutations of a JSON tree

	enum Change {

		REPLACE, REMOVE, ADD_FIELD, INVALID_TOKEN

	}

	record Mutation(Change change, int pick, Object value, String field) {

		/** Applies the change at the picked place; answers that place's path, in the API's terms. */
		String apply(Map<String, Object> root, String recipientsField) {
			List<Slot> slots = new ArrayList<>();
			collect(root, "", slots);
			List<Slot> objects = new ArrayList<>(List.of(new Slot(null, null, "", root)));
			for (Slot slot : slots) {
				if (slot.value() instanceof Map<?, ?>) {
					objects.add(slot);
				}
			}
			if (change == Change.ADD_FIELD || slots.isEmpty()) {
				Slot target = objects.get(Math.floorMod(pick, objects.size()));
				@SuppressWarnings("unchecked")
				Map<String, Object> object = (Map<String, Object>) target.value();
				object.put(field, value);
				return apiPath(target.path().isEmpty() ? field : target.path() + "." + field, recipientsField);
			}
			Slot slot = slots.get(Math.floorMod(pick, slots.size()));
			slot.set(change == Change.REMOVE ? null : value, change == Change.REMOVE);
			return apiPath(slot.path(), recipientsField);
		}

		private static String apiPath(String path, String recipientsField) {
			return recipientsField.isEmpty() || !path.startsWith(recipientsField + "[") ? path
					: path.substring(recipientsField.length());
		}

	}

	/** A place in a JSON tree: the container, the key or index in it, and the path to it. */
	record Slot(@Nullable Object container, @Nullable Object key, String path, Object value) {

		@SuppressWarnings("unchecked")
		void set(@Nullable Object replacement, boolean remove) {
			if (container instanceof Map<?, ?> map) {
				if (remove) {
					map.remove(key);
				}
				else {
					((Map<Object, Object>) map).put(key, replacement);
				}
			}
			else if (container instanceof List<?> list) {
				if (remove) {
					list.remove((int) (Integer) key);
				}
				else {
					((List<Object>) list).set((Integer) key, replacement);
				}
			}
		}

	}

	/** The damaged places and every field the body still has, as the API names them. */
	private static List<String> fields(Object tree, String recipientsField, List<String> touched) {
		List<Slot> slots = new ArrayList<>();
		collect(tree, "", slots);
		List<String> fields = new ArrayList<>(touched);
		slots.forEach(slot -> fields.add(Mutation.apiPath(slot.path(), recipientsField)));
		return fields;
	}

	private static void collect(Object node, String path, List<Slot> slots) {
		if (node instanceof Map<?, ?> map) {
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				String key = String.valueOf(entry.getKey());
				String name = key.isBlank() ? "\"" + key + "\"" : key;
				String child = path.isEmpty() ? name : path + "." + name;
				slots.add(new Slot(map, entry.getKey(), child, entry.getValue() == null ? NULL : entry.getValue()));
				collect(entry.getValue(), child, slots);
			}
		}
		else if (node instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				String child = path + "[" + i + "]";
				slots.add(new Slot(list, i, child, list.get(i) == null ? NULL : list.get(i)));
				collect(list.get(i), child, slots);
			}
		}
	}

	private static Arbitrary<Mutation> mutations() {
		return Combinators.combine(
				Arbitraries.frequency(Tuple.of(6, Change.REPLACE), Tuple.of(2, Change.REMOVE), Tuple.of(2, Change.ADD_FIELD),
						Tuple.of(1, Change.INVALID_TOKEN)),
				Arbitraries.integers().between(0, 1_000_000), wrongTypes(), invalidTokens(),
				Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of("recipents", "id", "status", "tenant", "createdAt",
						"counts", "__proto__", "constructor", "$where")), Tuple.of(1, hostileStrings())))
			.as((change, pick, value, invalid, field) -> new Mutation(change == Change.INVALID_TOKEN ? Change.REPLACE
					: change, pick, change == Change.INVALID_TOKEN ? invalid : value, field));
	}

	// ---------------------------------------------------------------------------------------
	// what a body must look like to be accepted: the API's types, and no unknown fields

	/** The shape of a JSON value the API accepts; {@code null} is accepted for every field. */
	record Shape(String kind, Map<String, Shape> fields, @Nullable Shape element) {

		static Shape string() {
			return new Shape("string", Map.of(), null);
		}

		static Shape integer() {
			return new Shape("integer", Map.of(), null);
		}

		static Shape arrayOf(Shape element) {
			return new Shape("array", Map.of(), element);
		}

		static Shape object(Map<String, Shape> fields) {
			return new Shape("object", fields, null);
		}

		static Shape metadata() {
			return new Shape("metadata", Map.of(), null);
		}

	}

	static final Shape RECIPIENT = Shape.object(Map.of("phoneNumber", Shape.string(), "countryCode", Shape.string(),
			"timeZone", Shape.string(), "externalId", Shape.string(), "notBefore", Shape.string(), "notAfter",
			Shape.string(), "metadata", Shape.metadata()));

	static final Shape RECIPIENT_ARRAY = Shape.arrayOf(RECIPIENT);

	static final Shape CAMPAIGN = Shape.object(Map.of("name", Shape.string(), "schedule",
			Shape.object(Map.of("startAt", Shape.string(), "endAt", Shape.string(), "callingWindow",
					Shape.object(Map.of("start", Shape.string(), "end", Shape.string(), "days",
							Shape.arrayOf(Shape.string()))),
					"defaultTimeZone", Shape.string(), "blackoutDates", Shape.arrayOf(Shape.string()))),
			"retry", Shape.object(Map.of("maxAttempts", Shape.integer(), "backoff", Shape.string(), "retryOn",
					Shape.arrayOf(Shape.string()))),
			"rateLimit", Shape.object(Map.of("callsPerMinute", Shape.integer(), "maxConcurrentCalls", Shape.integer())),
			"call", Shape.object(Map.of("environment", Shape.string(), "variantId", Shape.string(), "encryption",
					Shape.string())),
			"recipients", RECIPIENT_ARRAY));

	static final Shape SUPPRESSION = Shape.object(Map.of("phoneNumber", Shape.string(), "countryCode", Shape.string(),
			"reason", Shape.string()));

	static final Shape WEBHOOK = Shape.object(Map.of("url", Shape.string(), "events", Shape.arrayOf(Shape.string())));

	/**
	 * Why a value cannot be accepted as it is, by the contract alone: a wrong type, an
	 * unknown field, metadata that is not header-safe. Null when nothing in its shape forbids
	 * it (the service may still reject it for its content, e.g. an invalid number).
	 */
	static @Nullable String violations(@Nullable Object value, Shape shape, String path) {
		if (value == null || value == NULL) {
			return null;
		}
		if (value instanceof Raw raw) {
			Object parsed;
			try {
				parsed = strictJson.readValue(raw.text(), Object.class);
			}
			catch (RuntimeException notJson) {
				return path + " is " + abbreviate(raw.text(), 40) + ", not JSON";
			}
			if (parsed instanceof Integer && !raw.text().matches("-?[0-9]+")) {
				return path + " is " + raw.text() + ", not an integer";
			}
			return violations(parsed, shape, path);
		}
		switch (shape.kind()) {
			case "string" -> {
				if (!(value instanceof String)) {
					return path + " is not a string";
				}
			}
			case "integer" -> {
				if (!(value instanceof Integer)) {
					return path + " is not an integer";
				}
			}
			case "array" -> {
				if (!(value instanceof List<?> list)) {
					return path + " is not an array";
				}
				for (int i = 0; i < list.size(); i++) {
					String inner = violations(list.get(i), shape.element(), path + "[" + i + "]");
					if (inner != null) {
						return inner;
					}
				}
			}
			case "object" -> {
				if (!(value instanceof Map<?, ?> map)) {
					return path + " is not an object";
				}
				for (Map.Entry<?, ?> entry : map.entrySet()) {
					Shape field = shape.fields().get(String.valueOf(entry.getKey()));
					if (field == null) {
						return path + "." + entry.getKey() + " is not a field of the API";
					}
					String inner = violations(entry.getValue(), field, path + "." + entry.getKey());
					if (inner != null) {
						return inner;
					}
				}
			}
			case "metadata" -> {
				if (!(value instanceof Map<?, ?> map)) {
					return path + " is not an object";
				}
				for (Map.Entry<?, ?> entry : map.entrySet()) {
					String key = String.valueOf(entry.getKey());
					if (!key.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}")) {
						return path + " has the key " + quoted(key) + ", not a header-safe token";
					}
					if (!(entry.getValue() instanceof String text)) {
						return path + "." + key + " is not a string";
					}
					if (hasControlCharacter(text)) {
						return path + "." + key + " has CR, LF or another control character";
					}
				}
				if (base64Length(utf8(json(map)).length) >= 26 * 1024) {
					return path + " is over 26 KB of base64";
				}
			}
			default -> throw new IllegalStateException(shape.kind());
		}
		return null;
	}

	static boolean hasControlCharacter(String value) {
		return value.chars().anyMatch(c -> c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028
				|| c == 0x2029);
	}

	private static int base64Length(int bytes) {
		return 4 * ((bytes + 2) / 3);
	}

	// ---------------------------------------------------------------------------------------
	// damage to a JSON request's envelope: framing, bytes, headers

	enum JsonEnvelope {

		AS_IS, TRUNCATED, INVALID_UTF8, DUPLICATE_KEY, RAW_CONTROL_CHARACTER, OVERSIZED, OVERSIZED_CHUNKED, EMPTY,
		NOT_AN_OBJECT, WRONG_CONTENT_TYPE, NO_CONTENT_TYPE, JSON_WITH_PARAMETERS, BAD_AUTHORIZATION, CHUNKED,
		TRAILING_GARBAGE, BYTE_ORDER_MARK

	}

	record Envelope(JsonEnvelope kind, int where) {

		Wire apply(Probe probe, @Nullable Object tree) {
			Map<String, String> headers = new LinkedHashMap<>(probe.headers());
			byte[] body = probe.body();
			String text = new String(body, StandardCharsets.UTF_8);
			return switch (kind) {
				case AS_IS -> new Wire(headers, body, false, null);
				case CHUNKED -> new Wire(headers, body, true, null);
				case TRUNCATED -> {
					byte[] truncated = body.length < 2 ? body : Arrays.copyOf(body, 1 + Math.floorMod(where, body.length - 1));
					yield new Wire(headers, truncated, false, unlessStrictJson(truncated, "the JSON is truncated"));
				}
				case INVALID_UTF8 -> new Wire(headers, insertIntoString(text,
						INVALID_UTF8_SEQUENCES.get(where % INVALID_UTF8_SEQUENCES.size()), where), false,
						"the body is not UTF-8");
				case RAW_CONTROL_CHARACTER -> {
					byte[] raw = insertIntoString(text, new byte[] { (byte) (where % 0x20) }, where / 32);
					yield new Wire(headers, raw, false, unlessStrictJson(raw, "a string holds a raw control character"));
				}
				case DUPLICATE_KEY -> {
					int brace = text.indexOf('{');
					String key = tree instanceof Map<?, ?> map && !map.isEmpty() ? String.valueOf(map.keySet().iterator()
						.next()) : "phoneNumber";
					byte[] duplicated = brace < 0 ? body
							: utf8(text.substring(0, brace + 1) + json(key) + ":\"duplicate\"," + text.substring(brace + 1));
					yield new Wire(headers, duplicated, false, unlessStrictJson(duplicated, "a key appears twice"));
				}
				case OVERSIZED, OVERSIZED_CHUNKED -> new Wire(headers,
						utf8(text + " ".repeat(MAX_JSON_BODY + 1 + where % 4096 - Math.min(body.length, MAX_JSON_BODY))),
						kind == JsonEnvelope.OVERSIZED_CHUNKED, "the body is over max-json-body");
				case EMPTY -> new Wire(headers, new byte[0], false, "the body is empty");
				case NOT_AN_OBJECT -> {
					String replacement = List.of("null", "[]", "{}", "\"x\"", "1", "true", "[[]]", "[null]", "[1]",
							"[{}]", "[\"+12127360000\"]").get(where % 11);
					yield new Wire(headers, utf8(replacement), false, null, true);
				}
				case WRONG_CONTENT_TYPE -> {
					headers.put("Content-Type", List.of("text/plain", "application/xml",
							"application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/csv",
							"application/json-patch+json", "application/*", "image/png").get(where % 8));
					yield new Wire(headers, body, false, null);
				}
				case NO_CONTENT_TYPE -> {
					headers.remove("Content-Type");
					yield new Wire(headers, body, false, "there is no Content-Type");
				}
				case JSON_WITH_PARAMETERS -> {
					headers.put("Content-Type", List.of("application/json; charset=utf-8", "APPLICATION/JSON",
							"application/json;charset=ISO-8859-1", "application/json; foo=\"bar\"").get(where % 4));
					yield new Wire(headers, body, false, null);
				}
				case BAD_AUTHORIZATION -> {
					String value = List.of("", "Bearer", "Bearer ", "Basic YTpi", "Bearer co_unknown-key-0123456789",
							"Bearer " + "k".repeat(8000), "Bearer \u00ff\u00fe", "Bearer  co_x", "Token abc",
							"Bearer co_test-admin-key-for-integration-tests-but-longer").get(where % 10);
					if (value.isEmpty()) {
						headers.remove("Authorization");
					}
					else {
						headers.put("Authorization", value);
					}
					yield new Wire(headers, body, false, "the request is not authenticated");
				}
				case TRAILING_GARBAGE -> {
					byte[] garbage = utf8(text + List.of("x", "}", "]", "{}", ",", "\u0000", "//c").get(where % 7));
					yield new Wire(headers, garbage, false, unlessStrictJson(garbage, "there is garbage after the JSON"));
				}
				case BYTE_ORDER_MARK -> new Wire(headers, concat(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF },
						body), false, null);
			};
		}

	}

	private static Arbitrary<Envelope> jsonEnvelopes() {
		return Combinators.combine(Arbitraries.frequency(Tuple.of(50, JsonEnvelope.AS_IS), Tuple.of(4, JsonEnvelope.TRUNCATED),
				Tuple.of(4, JsonEnvelope.INVALID_UTF8), Tuple.of(3, JsonEnvelope.DUPLICATE_KEY),
				Tuple.of(3, JsonEnvelope.RAW_CONTROL_CHARACTER), Tuple.of(2, JsonEnvelope.OVERSIZED),
				Tuple.of(2, JsonEnvelope.OVERSIZED_CHUNKED), Tuple.of(2, JsonEnvelope.EMPTY),
				Tuple.of(3, JsonEnvelope.NOT_AN_OBJECT), Tuple.of(3, JsonEnvelope.WRONG_CONTENT_TYPE),
				Tuple.of(2, JsonEnvelope.NO_CONTENT_TYPE), Tuple.of(2, JsonEnvelope.JSON_WITH_PARAMETERS),
				Tuple.of(3, JsonEnvelope.BAD_AUTHORIZATION), Tuple.of(3, JsonEnvelope.CHUNKED),
				Tuple.of(2, JsonEnvelope.TRAILING_GARBAGE), Tuple.of(1, JsonEnvelope.BYTE_ORDER_MARK)),
				Arbitraries.integers().between(0, 1_000_000))
			.as(Envelope::new);
	}

	static final List<byte[]> INVALID_UTF8_SEQUENCES = List.of(new byte[] { (byte) 0xC3, 0x28 },
			new byte[] { (byte) 0xFF }, new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
			new byte[] { (byte) 0xC0, (byte) 0xAF }, new byte[] { (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80 },
			new byte[] { (byte) 0x80 }, new byte[] { (byte) 0xE2, (byte) 0x82 });

	/** The bytes inserted right after the opening quote of one of the body's string values. */
	private static byte[] insertIntoString(String json, byte[] bytes, int where) {
		List<Integer> openings = new ArrayList<>();
		for (int i = 1; i < json.length(); i++) {
			if (json.charAt(i) == '"' && (json.charAt(i - 1) == ':' || json.charAt(i - 1) == '[')) {
				openings.add(i + 1);
			}
		}
		if (openings.isEmpty()) {
			return concat(utf8(json.isEmpty() ? "" : json.substring(0, 1)), bytes,
					utf8(json.isEmpty() ? "" : json.substring(1)));
		}
		int at = openings.get(Math.floorMod(where, openings.size()));
		return concat(utf8(json.substring(0, at)), bytes, utf8(json.substring(at)));
	}

	private static Arbitrary<@Nullable String> idempotencyKeys() {
		return Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just(null)),
				Tuple.of(2, Arbitraries.just(0).map(i -> UUID.randomUUID().toString())),
				Tuple.of(1, Arbitraries.of(" ", "k".repeat(256), "k".repeat(255) + UUID.randomUUID().toString()
					.substring(0, 0), "'; drop table idempotency_key; --", "\u00e9t\u00e9", "a\tb")));
	}

	// ---------------------------------------------------------------------------------------
	// small helpers

	private static Map<String, String> jsonHeaders() {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Authorization", authorization);
		headers.put("Content-Type", "application/json");
		return headers;
	}

	private static String createCampaign(Api api) {
		HttpResponse<String> created = api.post(CAMPAIGNS,
				"{\"name\":\"fuzz target\",\"recipients\":[{\"phoneNumber\":\"+14155550101\"}]}");
		require(created, 201);
		return Api.json(created).get("id").asString();
	}

	private static void require(HttpResponse<String> response, int status) {
		if (response.statusCode() != status) {
			throw new IllegalStateException("setting up the fuzz test: " + response.statusCode() + " " + response.body());
		}
	}

	/** A number of the 212-736 exchange not used before in this run, spelled four ways. */
	private static String freshNumber(int spelling) {
		int n = numbers.getAndIncrement();
		String exchange = String.valueOf(736 + n / 10_000);
		String line = String.format("%04d", n % 10_000);
		return switch (spelling) {
			case 1 -> "(212) " + exchange + "-" + line;
			case 2 -> "+1 212-" + exchange + "-" + line;
			case 3 -> " +1212" + exchange + line + " ";
			default -> "+1212" + exchange + line;
		};
	}

	private static final AtomicInteger suppressed = new AtomicInteger();

	private static String freshSuppressedNumber() {
		return "+4420794" + String.format("%05d", 60000 + suppressed.getAndIncrement() % 40000);
	}

	private static @Nullable JsonNode readJson(HttpResponse<String> response, List<String> why) {
		try {
			return strictJson.readTree(response.body());
		}
		catch (RuntimeException ex) {
			why.add("a " + response.statusCode() + " whose body is not JSON");
			return null;
		}
	}

	static String json(@Nullable Object value) {
		StringBuilder out = new StringBuilder();
		write(value, out);
		return out.toString();
	}

	private static void write(@Nullable Object value, StringBuilder out) {
		if (value == null) {
			out.append("null");
		}
		else if (value instanceof Raw raw) {
			out.append(raw.text());
		}
		else if (value instanceof Boolean || value instanceof Number) {
			out.append(value);
		}
		else if (value instanceof String text) {
			quote(text, out);
		}
		else if (value instanceof Map<?, ?> map) {
			out.append('{');
			Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
			while (entries.hasNext()) {
				Map.Entry<?, ?> entry = entries.next();
				quote(String.valueOf(entry.getKey()), out);
				out.append(':');
				write(entry.getValue(), out);
				out.append(entries.hasNext() ? "," : "");
			}
			out.append('}');
		}
		else if (value instanceof List<?> list) {
			out.append('[');
			for (int i = 0; i < list.size(); i++) {
				out.append(i == 0 ? "" : ",");
				write(list.get(i), out);
			}
			out.append(']');
		}
		else {
			throw new IllegalArgumentException(value.getClass().getName());
		}
	}

	/** Surrogates are escaped, lone ones included, so that they reach the service as sent. */
	private static void quote(String text, StringBuilder out) {
		out.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '"' || c == '\\') {
				out.append('\\').append(c);
			}
			else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		out.append('"');
	}

	/** A string as it reaches the service in UTF-8: lone surrogates cannot be encoded. */
	private static String asSent(String value) {
		return new String(utf8(value), StandardCharsets.UTF_8);
	}

	private static String csvCell(String value) {
		boolean quote = value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")
				|| value.startsWith("\uFEFF");
		return quote ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
	}

	private static String encode(String value) {
		StringBuilder out = new StringBuilder();
		for (byte b : utf8(value)) {
			int c = b & 0xff;
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
				out.append((char) c);
			}
			else {
				out.append('%').append(String.format("%02X", c));
			}
		}
		return out.toString();
	}

	private static Map<String, Object> object(@Nullable Object... keysAndValues) {
		Map<String, Object> object = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			object.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return object;
	}

	private static List<Object> list(Object... values) {
		return new ArrayList<>(List.of(values));
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	/** Bytes as readable text: control characters and invalid UTF-8 shown as escapes. */
	private static String visible(byte[] bytes) {
		String text = new String(bytes, StandardCharsets.UTF_8);
		StringBuilder out = new StringBuilder();
		text.chars().forEach(c -> {
			if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029 || c == 0xfffd
					|| Character.isSurrogate((char) c)) {
				out.append(String.format("\\u%04x", c));
			}
			else {
				out.append((char) c);
			}
		});
		return out.toString();
	}

	private static String quoted(@Nullable String value) {
		return value == null ? "null" : "\"" + abbreviate(visible(utf8(value)), 200) + "\"";
	}

	private static String abbreviate(String text, int length) {
		return text.length() <= length ? text : text.substring(0, length) + "… (" + text.length() + " chars)";
	}

}
