package dev.campaigns.testsupport;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The public API over real HTTP, as one API key sees it. */
public final class Api {

	/** The admin key that {@code application-test.yml} bootstraps for tenant {@code default}. */
	public static final String TEST_ADMIN_KEY = "co_test-admin-key-for-integration-tests";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final String base;

	private final @Nullable String key;

	private Api(String base, @Nullable String key) {
		this.base = base;
		this.key = key;
	}

	public static Api at(int port) {
		return new Api("http://localhost:" + port, TEST_ADMIN_KEY);
	}

	public Api as(@Nullable String key) {
		return new Api(base, key);
	}

	/** A new tenant with a key holding the given roles (e.g. {@code "campaigns:write"}). */
	public Api newTenant(String... roles) {
		String tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
		return keyFor(tenant, roles);
	}

	/** Another key of an existing tenant. */
	public Api keyFor(String tenant, String... roles) {
		StringBuilder body = new StringBuilder("{\"name\":\"test key\",\"tenant\":\"" + tenant + "\",\"roles\":[");
		for (int i = 0; i < roles.length; i++) {
			body.append(i == 0 ? "" : ",").append('"').append(roles[i]).append('"');
		}
		HttpResponse<String> created = as(TEST_ADMIN_KEY).post("/api/v1/api-keys", body.append("]}").toString());
		if (created.statusCode() != 201) {
			throw new IllegalStateException("cannot create a key: " + created.statusCode() + " " + created.body());
		}
		return as(json(created).get("key").asString());
	}

	public HttpResponse<String> get(String path) {
		return send(request(path).GET());
	}

	public HttpResponse<String> get(String path, String accept) {
		return send(request(path).header("Accept", accept).GET());
	}

	public HttpResponse<String> post(String path, String jsonBody) {
		return send(request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
	}

	public HttpResponse<String> post(String path, String body, String contentType, @Nullable String idempotencyKey) {
		HttpRequest.Builder request = request(path).header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		return send(request);
	}

	public HttpResponse<String> postEmpty(String path) {
		return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
	}

	public HttpResponse<String> patch(String path, String body, String contentType) {
		return send(request(path).header("Content-Type", contentType)
			.method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
	}

	public HttpResponse<String> delete(String path) {
		return send(request(path).DELETE());
	}

	/** The {@code Authorization} header value of this key. */
	public String authorization() {
		return "Bearer " + key;
	}

	public static JsonNode json(HttpResponse<String> response) {
		return json.readTree(response.body());
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5));
		if (key != null) {
			request.header("Authorization", "Bearer " + key);
		}
		return request;
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) {
		return Http.send(request.build());
	}

}
