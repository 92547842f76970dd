package dev.campaigns.orchestrator.notify.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.campaigns.orchestrator.Text;
import dev.campaigns.orchestrator.notify.Outbox;
import org.jspecify.annotations.Nullable;

/**
 * A subscription as a client asks for it: {@code {"url", "events"}}. The URL must be an
 * absolute {@code http} or {@code https} URL with a host and no user info; the events are
 * known types, at least one.
 */
record WebhookRequest(@Nullable String url, @Nullable List<@Nullable String> events) {

	static final int LONGEST_URL = 2048;

	/** One thing wrong with a request. */
	record FieldViolation(String field, String reason) {
	}

	List<FieldViolation> violations() {
		List<FieldViolation> violations = new ArrayList<>();
		String urlProblem = urlProblem(url);
		if (urlProblem != null) {
			violations.add(new FieldViolation("url", urlProblem));
		}
		if (events == null || events.isEmpty()) {
			violations.add(new FieldViolation("events", "must list at least one of " + Outbox.EVENT_TYPES));
		}
		else {
			for (int i = 0; i < events.size(); i++) {
				String event = events.get(i);
				if (event == null || !Outbox.EVENT_TYPES.contains(event)) {
					violations.add(new FieldViolation("events[" + i + "]", "must be one of " + Outbox.EVENT_TYPES));
				}
			}
		}
		return violations;
	}

	/** The known events, each once, in the order given. */
	List<String> distinctEvents() {
		Set<String> seen = new HashSet<>();
		List<String> distinct = new ArrayList<>();
		if (events != null) {
			for (String event : events) {
				if (event != null && seen.add(event)) {
					distinct.add(event);
				}
			}
		}
		return distinct;
	}

	private static @Nullable String urlProblem(@Nullable String url) {
		if (url == null || url.isBlank()) {
			return "is required: an absolute http or https URL";
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
		if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
			return "must be an absolute http or https URL";
		}
		if (uri.getHost() == null || uri.getHost().isEmpty()) {
			return "must name a host";
		}
		if (uri.getRawUserInfo() != null) {
			return "must not carry user info; put credentials in the path or rely on the signature";
		}
		if (uri.getRawFragment() != null) {
			return "must not have a fragment";
		}
		return null;
	}

}
