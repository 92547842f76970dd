package dev.campaigns.orchestrator.report.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.campaigns.orchestrator.report.internal.ReportStore.StatusBucket;

import org.springframework.web.util.HtmlUtils;

/**
 * The dashboard's chart as inline SVG, drawn here so the page needs no chart library:
 * finished calls per 10 minutes, stacked by final status.
 */
final class OutcomeChart {

	static final Duration BUCKET = Duration.ofMinutes(10);

	/** At most a day of buckets, ending at the latest call. */
	static final int MAX_BUCKETS = 144;

	private static final Map<String, String> COLOURS = new LinkedHashMap<>();

	static {
		COLOURS.put("COMPLETED", "#2e7d32");
		COLOURS.put("NO_ANSWER", "#f9a825");
		COLOURS.put("BUSY", "#ef6c00");
		COLOURS.put("FAILED", "#c62828");
		COLOURS.put("CANCELLED", "#6d4c41");
		COLOURS.put("STATUS_EXPIRED", "#6a1b9a");
		COLOURS.put("TRIGGER_UNKNOWN", "#455a64");
	}

	private static final String OTHER_COLOUR = "#90a4ae";

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private static final int WIDTH = 720;

	private static final int HEIGHT = 220;

	private static final int LEFT = 40;

	private static final int BOTTOM = 30;

	private static final int TOP = 24;

	private OutcomeChart() {
	}

	static String svg(List<StatusBucket> buckets) {
		if (buckets.isEmpty()) {
			return "<p class=\"muted\">No finished calls yet.</p>";
		}
		TreeMap<Instant, Map<String, Long>> byTime = new TreeMap<>();
		for (StatusBucket bucket : buckets) {
			byTime.computeIfAbsent(bucket.start(), t -> new LinkedHashMap<>())
				.merge(bucket.status() == null ? "UNKNOWN" : bucket.status(), bucket.calls(), Long::sum);
		}
		Instant first = byTime.firstKey();
		Instant last = byTime.lastKey();
		int slots = (int) Math.min(MAX_BUCKETS, Duration.between(first, last).dividedBy(BUCKET) + 1);
		Instant start = last.minus(BUCKET.multipliedBy(slots - 1L));
		long max = 1;
		for (Map<String, Long> counts : byTime.tailMap(start, true).values()) {
			max = Math.max(max, counts.values().stream().mapToLong(Long::longValue).sum());
		}
		double plotWidth = WIDTH - LEFT - 10;
		double plotHeight = HEIGHT - TOP - BOTTOM;
		double slotWidth = plotWidth / slots;
		double barWidth = Math.min(slotWidth * 0.8, 48);
		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT, "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 %d %d\" width=\"100%%\""
				+ " xmlns=\"http://www.w3.org/2000/svg\"><title>Finished calls per 10 minutes by outcome (UTC)</title>",
				WIDTH, HEIGHT));
		svg.append(String.format(Locale.ROOT,
				"<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>", LEFT, HEIGHT - BOTTOM, WIDTH - 10,
				HEIGHT - BOTTOM));
		svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"axis\" text-anchor=\"end\">%d</text>",
				LEFT - 4, TOP + 4, max));
		svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"axis\" text-anchor=\"end\">0</text>",
				LEFT - 4, HEIGHT - BOTTOM));
		for (int i = 0; i < slots; i++) {
			Instant slot = start.plus(BUCKET.multipliedBy(i));
			Map<String, Long> counts = byTime.getOrDefault(slot, Map.of());
			double x = LEFT + (i + 0.5) * slotWidth - barWidth / 2;
			double y = HEIGHT - BOTTOM;
			for (Map.Entry<String, Long> entry : ordered(counts).entrySet()) {
				double h = plotHeight * entry.getValue() / max;
				y -= h;
				svg.append(String.format(Locale.ROOT,
						"<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s %s: %d</title></rect>",
						x, y, barWidth, h, COLOURS.getOrDefault(entry.getKey(), OTHER_COLOUR),
						TIME.format(slot), HtmlUtils.htmlEscape(entry.getKey()), entry.getValue()));
			}
			if (i == 0 || i == slots - 1 || (slots > 6 && i % Math.max(1, slots / 6) == 0)) {
				svg.append(String.format(Locale.ROOT,
						"<text x=\"%.1f\" y=\"%d\" class=\"axis\" text-anchor=\"middle\">%s</text>",
						LEFT + (i + 0.5) * slotWidth, HEIGHT - BOTTOM + 16, TIME.format(slot)));
			}
		}
		int legendX = LEFT;
		for (String status : legend(byTime)) {
			svg.append(String.format(Locale.ROOT,
					"<rect x=\"%d\" y=\"4\" width=\"10\" height=\"10\" fill=\"%s\"/>"
							+ "<text x=\"%d\" y=\"13\" class=\"legend\">%s</text>",
					legendX, COLOURS.getOrDefault(status, OTHER_COLOUR), legendX + 14, HtmlUtils.htmlEscape(status)));
			legendX += 24 + status.length() * 7;
		}
		return svg.append("</svg>").toString();
	}

	private static Map<String, Long> ordered(Map<String, Long> counts) {
		Map<String, Long> ordered = new LinkedHashMap<>();
		COLOURS.keySet().stream().filter(counts::containsKey).forEach(status -> ordered.put(status, counts.get(status)));
		counts.forEach(ordered::putIfAbsent);
		return ordered;
	}

	private static List<String> legend(TreeMap<Instant, Map<String, Long>> byTime) {
		Map<String, Long> all = new LinkedHashMap<>();
		byTime.values().forEach(counts -> counts.forEach((status, n) -> all.merge(status, n, Long::sum)));
		return List.copyOf(ordered(all).keySet());
	}

}
