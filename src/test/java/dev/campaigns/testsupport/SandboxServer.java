package dev.campaigns.testsupport;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import dev.campaigns.sandbox.SandboxServerApplication;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sandbox as its own server on a random port, on a clock the test moves, as
 * {@code --spring.profiles.active=sandbox-server} runs it.
 */
public final class SandboxServer implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final ConfigurableApplicationContext context;

	private final MutableClock clock;

	private final String url;

	private SandboxServer(ConfigurableApplicationContext context, MutableClock clock) {
		this.context = context;
		this.clock = clock;
		this.url = "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort()
				+ "/sandbox/polyai";
	}

	public static SandboxServer start(String... properties) {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
		List<String> all = new ArrayList<>(List.of("--server.port=0", "--orchestrator.sandbox.seed=42"));
		// as arguments: the sandbox-server profile sets server.port, and arguments outrank it
		List.of(properties).forEach(property -> all.add("--" + property));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SandboxServerApplication.class)
			.profiles("sandbox-server")
			.initializers(ctx -> ctx.getBeanFactory().registerSingleton("clock", clock))
			.run(all.toArray(String[]::new));
		return new SandboxServer(context, clock);
	}

	/** The base URL of the fake API, e.g. {@code http://localhost:41234/sandbox/polyai}. */
	public String url() {
		return url;
	}

	public MutableClock clock() {
		return clock;
	}

	/** Every trigger the sandbox received, in order. */
	public List<JsonNode> calls() {
		JsonNode calls = json.readTree(Http.get(url + "/_calls").body());
		List<JsonNode> list = new ArrayList<>();
		calls.forEach(list::add);
		return list;
	}

	/**
	 * How {@code _calls} names the credential a trigger came with: the first 12 lower-case hex
	 * digits of the SHA-256 of its UTF-8 bytes. Computed here, not borrowed from the sandbox, so a
	 * test checks the sandbox's fingerprint rather than repeating it.
	 */
	public static String credentialFingerprint(String credential) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(credential.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 6);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public void forgetCalls() {
		Http.send(HttpRequest.newBuilder(URI.create(url + "/_calls")).DELETE().build());
	}

	/** Adds a fault, e.g. {@code {"kind":"HTTP_500","count":1}}. */
	public void inject(String faultJson) {
		var response = Http.send(HttpRequest.newBuilder(URI.create(url + "/_faults"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(faultJson))
			.build());
		if (response.statusCode() != 201) {
			throw new IllegalStateException("fault not accepted: " + response.statusCode() + " " + response.body());
		}
	}

	public void clearFaults() {
		Http.send(HttpRequest.newBuilder(URI.create(url + "/_faults")).DELETE().build());
	}

	@Override
	public void close() {
		context.close();
	}

}
