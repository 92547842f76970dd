package dev.campaigns.bench;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The soak benchmark's plot as hand-written SVG: panels stacked over one time axis (minutes
 * since the campaigns started), each a line of one measure, so that a drift or a leak shows at
 * a glance. No library: lines, text and a few scaling rules.
 */
final class SoakPlot {

	static final int WIDTH = 900;

	static final int LEFT = 80;

	static final int RIGHT = 20;

	static final int TOP = 50;

	static final int PANEL_HEIGHT = 170;

	static final int GAP = 45;

	static final int BOTTOM = 45;

	private static final double[] NICE = { 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 };

	/**
	 * One panel: a title, the points (minutes, value) and, where one applies, a reference line
	 * (a target or a setting) with its label.
	 */
	record Panel(String title, double[] minutes, double[] values, @Nullable Double reference,
			@Nullable String referenceLabel) {

		Panel {
			if (minutes.length != values.length) {
				throw new IllegalArgumentException("as many minutes as values: " + minutes.length + ", " + values.length);
			}
		}

	}

	private SoakPlot() {
	}

	/**
	 * The SVG document: a caption, the panels one under the other, a dashed line where the run
	 * ended ({@code runMinutes}) and the time axis up to {@code lastMinute}.
	 */
	static String svg(String caption, List<Panel> panels, double runMinutes, double lastMinute) {
		int height = TOP + panels.size() * PANEL_HEIGHT + (panels.size() - 1) * GAP + BOTTOM;
		double xMax = Math.max(lastMinute, 1e-9);
		double xStep = niceStep(xMax, 10);
		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
						+ " font-family=\"sans-serif\" font-size=\"12\">%n",
				WIDTH, height, WIDTH, height));
		svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
		svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" font-size=\"15\">%s</text>%n", LEFT,
				escape(caption)));
		double left = LEFT;
		double right = WIDTH - RIGHT;
		for (int p = 0; p < panels.size(); p++) {
			Panel panel = panels.get(p);
			double top = TOP + p * (PANEL_HEIGHT + GAP);
			double bottom = top + PANEL_HEIGHT;
			double dataMax = 0;
			for (double value : panel.values()) {
				dataMax = Math.max(dataMax, value);
			}
			double yMax = niceCeiling(Math.max(dataMax, panel.reference() == null ? 0 : panel.reference()));
			double yStep = niceStep(yMax, 5);
			svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-weight=\"bold\">%s</text>%n", left,
					top - 8, escape(panel.title())));
			for (double y = 0; y <= yMax + yStep / 1e6; y += yStep) {
				double py = scale(y, yMax, bottom, top);
				svg.append(String.format(Locale.ROOT,
						"<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", left, py, right, py));
				svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
						left - 6, py + 4, label(y)));
			}
			for (double x = 0; x <= xMax + xStep / 1e6; x += xStep) {
				double px = scale(x, xMax, left, right);
				svg.append(String.format(Locale.ROOT,
						"<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>%n", px, top, px, bottom));
				if (p == panels.size() - 1) {
					svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
							px, bottom + 16, label(x)));
				}
			}
			svg.append(String.format(Locale.ROOT,
					"<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>%n", left,
					top, right - left, PANEL_HEIGHT));
			if (runMinutes < xMax) {
				double px = scale(runMinutes, xMax, left, right);
				svg.append(String.format(Locale.ROOT,
						"<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\" stroke-dasharray=\"3,3\"/>%n",
						px, top, px, bottom));
			}
			if (panel.reference() != null) {
				double py = scale(panel.reference(), yMax, bottom, top);
				svg.append(String.format(Locale.ROOT,
						"<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#c33\" stroke-dasharray=\"6,4\"/>%n",
						left, py, right, py));
				svg.append(String.format(Locale.ROOT,
						"<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#c33\">%s</text>%n", right - 4, py - 4,
						escape(panel.referenceLabel() == null ? "" : panel.referenceLabel())));
			}
			svg.append("<polyline fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"1.5\" points=\"")
				.append(points(panel, xMax, yMax, left, right, top, bottom))
				.append("\"/>\n");
		}
		double axisY = TOP + panels.size() * PANEL_HEIGHT + (panels.size() - 1) * GAP + 34;
		svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
				(left + right) / 2, axisY, escape("minutes since the campaigns started (dashed: the run ends, dialling"
						+ " paused, the calls in progress still followed)")));
		return svg.append("</svg>\n").toString();
	}

	/** The polyline's points, in pixels. */
	static String points(Panel panel, double xMax, double yMax, double left, double right, double top, double bottom) {
		StringBuilder points = new StringBuilder();
		for (int i = 0; i < panel.values().length; i++) {
			points.append(i == 0 ? "" : " ")
				.append(String.format(Locale.ROOT, "%.1f,%.1f", scale(panel.minutes()[i], xMax, left, right),
						scale(panel.values()[i], yMax, bottom, top)));
		}
		return points.toString();
	}

	/** Maps {@code value} from 0..{@code max} onto the pixels {@code from}..{@code to} (either way round). */
	static double scale(double value, double max, double from, double to) {
		return from + (to - from) * (max == 0 ? 0 : value / max);
	}

	/** The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten at or above {@code max}; 1 for nothing. */
	static double niceCeiling(double max) {
		if (!(max > 0)) {
			return 1;
		}
		double power = Math.pow(10, Math.floor(Math.log10(max)));
		for (double nice : NICE) {
			// a hair of tolerance, so that 200 is its own ceiling despite floating point
			if (nice * power >= max * (1 - 1e-12)) {
				return nice * power;
			}
		}
		return 10 * power;
	}

	/** A step of 1, 2 or 5 times a power of ten that cuts 0..{@code range} into at most {@code most} steps. */
	static double niceStep(double range, int most) {
		if (!(range > 0)) {
			return 1;
		}
		double raw = range / most;
		double power = Math.pow(10, Math.floor(Math.log10(raw)));
		for (double nice : new double[] { 1, 2, 5, 10 }) {
			if (nice * power >= raw * (1 - 1e-12)) {
				return nice * power;
			}
		}
		return 10 * power;
	}

	/** A tick label: whole numbers with thousands separators, others with one decimal. */
	static String label(double value) {
		if (Math.abs(value - Math.rint(value)) < 1e-9) {
			return String.format(Locale.ROOT, "%,d", Math.round(value));
		}
		return String.format(Locale.ROOT, "%.1f", value);
	}

	static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

}
