package dev.campaigns.testsupport;

import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PercentilesTests {

	private static final List<Long> HUNDRED = LongStream.rangeClosed(1, 100).boxed().toList();

	@ParameterizedTest(name = "p{0} of 1..100 is {1}")
	@CsvSource(delimiter = '|', value = { "0 | 1", "1 | 1", "50 | 50", "95 | 95", "99 | 99", "99.5 | 100", "100 | 100" })
	void theNearestRankIsTheSmallestValueWithThatShareAtOrBelowIt(double p, long value) {
		assertThat(Percentiles.nearestRank(HUNDRED, p)).isEqualTo(value);
	}

	@ParameterizedTest(name = "p{0} of (10, 20, 30) is {1}")
	@CsvSource(delimiter = '|', value = { "33 | 10", "34 | 20", "50 | 20", "67 | 30", "99 | 30" })
	void aFewValuesRoundTheRankUp(double p, long value) {
		assertThat(Percentiles.nearestRank(List.of(10L, 20L, 30L), p)).isEqualTo(value);
	}

	@Test
	void noValuesHaveNoPercentile() {
		assertThat(Percentiles.nearestRank(List.of(), 99)).isNaN();
	}

}
