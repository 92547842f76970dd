package dev.campaigns.orchestrator.connection;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.campaigns.orchestrator.Text;
import dev.campaigns.orchestrator.provider.Dialect;
import dev.campaigns.orchestrator.provider.StatusMapping;
import org.jspecify.annotations.Nullable;

/**
 * A connection's fields as an admin gives them, before they are checked by {@link #violations}.
 * {@code credential} is null when an update keeps the stored one. {@link #toString()} never
 * shows the credential.
 *
 * @param statusMapping what status strings the dialect does not document mean on this connection
 */
public record ConnectionDraft(@Nullable String name, @Nullable String dialect, @Nullable String baseUrl,
		@Nullable String credential, @Nullable String agentId, @Nullable String accountId,
		@Nullable String projectId, @Nullable String environment, @Nullable Double callsPerSecond,
		@Nullable Integer burst, @Nullable Integer maxConcurrentCalls, @Nullable Double statusRequestsPerSecond,
		boolean enabled, StatusMapping statusMapping) {

	public ConnectionDraft {
		statusMapping = statusMapping == null ? StatusMapping.NONE : statusMapping;
	}

	public static final int LONGEST_NAME = 100;

	public static final int LONGEST_URL = 2048;

	public static final int LONGEST_CREDENTIAL = 4096;

	public static final int LONGEST_ID = 200;

	/** The highest rate accepted, calls or status reads per second. */
	public static final double FASTEST = 10_000;

	/** The largest burst or concurrency accepted. */
	public static final int LARGEST_COUNT = 100_000;

	/** One thing wrong with a connection, naming its field. */
	public record FieldViolation(String field, String reason) {
	}

	/** An empty draft, enabled, for a create to fill. */
	public static ConnectionDraft empty() {
		return new ConnectionDraft(null, null, null, null, null, null, null, null, null, null, null, null, true,
				StatusMapping.NONE);
	}

	/**
	 * What is wrong with the draft, field by field; empty when it may be stored.
	 * @param credentialRequired whether a credential must be given (on create)
	 * @param allowLoopbackHttp whether {@code http} to a loopback host is accepted
	 */
	public List<FieldViolation> violations(boolean credentialRequired, boolean allowLoopbackHttp) {
		List<FieldViolation> violations = new ArrayList<>();
		text(violations, "name", name, true, LONGEST_NAME);
		if (dialect == null) {
			violations.add(new FieldViolation("dialect", "is required: one of " + dialectIds()));
		}
		else if (dialectOf(dialect) == null) {
			violations.add(new FieldViolation("dialect", "must be one of " + dialectIds()));
		}
		else {
			statusMapping.problems(dialectOf(dialect))
				.forEach(problem -> violations.add(new FieldViolation("statusMapping", problem.toString())));
		}
		String urlProblem = urlProblem(baseUrl, allowLoopbackHttp);
		if (urlProblem != null) {
			violations.add(new FieldViolation("baseUrl", urlProblem));
		}
		text(violations, "credential", credential, credentialRequired, LONGEST_CREDENTIAL);
		text(violations, "agentId", agentId, Dialect.AGENTS_V1.id().equals(dialect), LONGEST_ID);
		text(violations, "accountId", accountId, Dialect.PLATFORM_V1.id().equals(dialect), LONGEST_ID);
		text(violations, "projectId", projectId, Dialect.PLATFORM_V1.id().equals(dialect), LONGEST_ID);
		text(violations, "environment", environment, false, LONGEST_ID);
		rate(violations, "callsPerSecond", callsPerSecond);
		rate(violations, "statusRequestsPerSecond", statusRequestsPerSecond);
		if (burst != null && (burst < 0 || burst > LARGEST_COUNT)) {
			violations.add(new FieldViolation("burst", "must be from 0 (automatic) to " + LARGEST_COUNT));
		}
		if (maxConcurrentCalls != null && (maxConcurrentCalls < 1 || maxConcurrentCalls > LARGEST_COUNT)) {
			violations.add(new FieldViolation("maxConcurrentCalls", "must be from 1 to " + LARGEST_COUNT));
		}
		return violations;
	}

	/** This draft, enabled or not. */
	public ConnectionDraft withEnabled(boolean enabled) {
		return new ConnectionDraft(name, dialect, baseUrl, credential, agentId, accountId, projectId, environment,
				callsPerSecond, burst, maxConcurrentCalls, statusRequestsPerSecond, enabled, statusMapping);
	}

	/** The dialect of this id, or null when there is none. */
	public static @Nullable Dialect dialectOf(String id) {
		return Arrays.stream(Dialect.values()).filter(d -> d.id().equals(id)).findFirst().orElse(null);
	}

	/** Never shows the credential, only whether one is given. */
	@Override
	public String toString() {
		return "ConnectionDraft[name=" + name + ", dialect=" + dialect + ", baseUrl=" + baseUrl + ", credential="
				+ (credential == null ? "unchanged" : "(hidden)") + ", agentId=" + agentId + ", accountId="
				+ accountId + ", projectId=" + projectId + ", environment=" + environment + ", callsPerSecond="
				+ callsPerSecond + ", burst=" + burst + ", maxConcurrentCalls=" + maxConcurrentCalls
				+ ", statusRequestsPerSecond=" + statusRequestsPerSecond + ", enabled=" + enabled + ", statusMapping="
				+ statusMapping + "]";
	}

	private static List<String> dialectIds() {
		return Arrays.stream(Dialect.values()).map(Dialect::id).toList();
	}

	private static void text(List<FieldViolation> violations, String field, @Nullable String value, boolean required,
			int longest) {
		if (value == null || value.isBlank()) {
			if (required || value != null) {
				violations.add(new FieldViolation(field, required ? "is required" : "must not be blank; use null"));
			}
		}
		else if (value.length() > longest) {
			violations.add(new FieldViolation(field, "must be at most " + longest + " characters"));
		}
		else if (Text.hasControlCharacter(value)) {
			violations.add(new FieldViolation(field, "must not contain control characters"));
		}
	}

	private static void rate(List<FieldViolation> violations, String field, @Nullable Double value) {
		if (value != null && !(value > 0 && value <= FASTEST)) {
			violations.add(new FieldViolation(field, "must be above 0 and at most " + (int) FASTEST));
		}
	}

	private static @Nullable String urlProblem(@Nullable String url, boolean allowLoopbackHttp) {
		if (url == null || url.isBlank()) {
			return "is required: an absolute https URL";
		}
		if (url.length() > LONGEST_URL) {
			return "must be at most " + LONGEST_URL + " characters";
		}
		if (Text.hasControlCharacter(url)) {
			return "must not contain control characters";
		}
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			return "is not a valid URL";
		}
		String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
		if (!uri.isAbsolute() || uri.getHost() == null || uri.getHost().isEmpty()) {
			return "must be an absolute https URL with a host";
		}
		boolean loopbackHttp = allowLoopbackHttp && scheme.equals("http") && loopback(uri.getHost());
		if (!scheme.equals("https") && !loopbackHttp) {
			return allowLoopbackHttp ? "must be an https URL (http only to a loopback host)" : "must be an https URL";
		}
		if (uri.getRawUserInfo() != null) {
			return "must not carry user info; the credential is a field of its own";
		}
		if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
			return "must not have a query or a fragment";
		}
		return null;
	}

	private static boolean loopback(String host) {
		String lower = host.toLowerCase(Locale.ROOT);
		return lower.equals("localhost") || lower.equals("[::1]") || lower.matches("127(\\.\\d{1,3}){3}");
	}

}
