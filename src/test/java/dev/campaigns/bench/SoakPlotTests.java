package dev.campaigns.bench;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SoakPlotTests {

	@ParameterizedTest(name = "ceiling of {0} is {1}")
	@CsvSource(delimiter = '|', value = {
			// data maximum | axis maximum
			"0              | 1",
			"-5             | 1",
			"0.7            | 0.8",
			"1              | 1",
			"1.2            | 1.5",
			"173            | 200",
			"200            | 200",
			"201            | 250",
			"1234           | 1500",
			"26000          | 30000",
			"81000          | 100000" })
	void theAxisEndsAtTheNextRoundNumber(double max, double ceiling) {
		assertThat(SoakPlot.niceCeiling(max)).isCloseTo(ceiling, within(1e-9));
	}

	@ParameterizedTest(name = "0..{0} in at most {1} steps: {2}")
	@CsvSource(delimiter = '|', value = {
			// range | most steps | step
			"200     | 5          | 50",
			"250     | 5          | 50",
			"30000   | 5          | 10000",
			"3.5     | 10         | 0.5",
			"31.2    | 10         | 5",
			"0       | 5          | 1" })
	void ticksAreOneTwoOrFiveTimesAPowerOfTen(double range, int most, double step) {
		assertThat(SoakPlot.niceStep(range, most)).isCloseTo(step, within(1e-9));
	}

	@ParameterizedTest(name = "{0} of 0..{1} onto {2}..{3} is {4}")
	@CsvSource(delimiter = '|', value = {
			// value | max | from pixel | to pixel | pixel
			"0       | 200 | 80         | 880      | 80",
			"200     | 200 | 80         | 880      | 880",
			"50      | 200 | 80         | 880      | 280",
			// y runs upwards: the bottom pixel for 0
			"0       | 200 | 220        | 50       | 220",
			"150     | 200 | 220        | 50       | 92.5",
			"7       | 0   | 220        | 50       | 220" })
	void valuesScaleLinearlyOntoThePanel(double value, double max, double from, double to, double pixel) {
		assertThat(SoakPlot.scale(value, max, from, to)).isCloseTo(pixel, within(1e-9));
	}

	@Test
	void aPanelsPointsAreItsValuesInPixels() {
		SoakPlot.Panel panel = new SoakPlot.Panel("rate", new double[] { 0, 1, 2 }, new double[] { 0, 100, 200 }, 200.0,
				"R");

		assertThat(SoakPlot.points(panel, 2, 200, 80, 880, 50, 220)).isEqualTo("80.0,220.0 480.0,135.0 880.0,50.0");
	}

	@Test
	void theDocumentHasAPanelPerMeasureAndEscapesItsText() {
		String svg = SoakPlot.svg("soak <3 min> & more",
				List.of(new SoakPlot.Panel("calls/s", new double[] { 0, 1 }, new double[] { 190, 200 }, 200.0, "R = 200"),
						new SoakPlot.Panel("in progress", new double[] { 0, 1 }, new double[] { 0, 5000 }, null, null),
						new SoakPlot.Panel("polls/s", new double[] { 0, 1 }, new double[] { 0, 40 }, null, null)),
				3, 4.25);

		assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>\n");
		assertThat(svg).contains("soak &lt;3 min&gt; &amp; more").doesNotContain("<3 min>");
		assertThat(svg.split("<polyline", -1)).hasSize(4);
		assertThat(svg).contains(">R = 200</text>").contains(">5,000</text>");
	}

	@ParameterizedTest(name = "{0} is labelled {1}")
	@CsvSource(delimiter = '|', value = { "0 | 0", "2.5 | 2.5", "30000 | 30,000", "0.30000000000000004 | 0.3" })
	void tickLabelsAreShort(double value, String label) {
		assertThat(SoakPlot.label(value)).isEqualTo(label);
	}

}
