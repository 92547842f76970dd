package dev.campaigns.orchestrator.net;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class HostLiteralTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "127.0.0.1 | 127.0.0.1", "2130706433 | 127.0.0.1", "0x7f.1 | 127.0.0.1",
			"0X7F.0.0.1 | 127.0.0.1", "017700000001 | 127.0.0.1", "0177.0.0.01 | 127.0.0.1", "127.1 | 127.0.0.1",
			"10.257 | 10.0.1.1", "10.1.257 | 10.1.1.1", "0 | 0.0.0.0", "4294967295 | 255.255.255.255",
			"[::1] | 0:0:0:0:0:0:0:1", "::ffff:127.0.0.1 | 127.0.0.1", "[fd00:ec2::254] | fd00:ec2:0:0:0:0:0:254" })
	void readsEverySpellingOfAnAddress(String host, String address) {
		assertThat(HostLiteral.parse(host)).isNotNull().extracting(a -> a.getHostAddress()).isEqualTo(address);
	}

	@ParameterizedTest
	@CsvSource({ "hooks.example.com", "localhost", "4294967296", "256.1.1.1", "1.2.3.4.5", "08.1.1.1", "0x", "1..1",
			"-1", "+1.2.3.4", "127.0.0.1x", "[::1", "::g", "example.123", "''" })
	void aNameIsNoAddress(String host) {
		assertThat(HostLiteral.parse(host)).isNull();
	}

}
