package dev.campaigns.orchestrator.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TargetCheckTests {

	/** Names as a test DNS answers them; any other name does not resolve. */
	private static final HostResolver DNS = host -> switch (host) {
		case "hooks.example.com" -> List.of(address("93.184.216.34"), address("2606:2800:220:1::1"));
		case "metadata.google.internal" -> List.of(address("169.254.169.254"));
		case "intranet.example.com" -> List.of(address("10.1.2.3"));
		case "half.example.com" -> List.of(address("93.184.216.34"), address("127.0.0.1"));
		case "ula.example.com" -> List.of(address("fd12:3456::1"));
		default -> throw new UnknownHostException(host);
	};

	private final TargetCheck strict = new TargetCheck(DNS, List.of());

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			// spelling classes of loopback
			"http://127.0.0.1:8080/x        | is a loopback",
			"http://127.9.9.9/x             | is a loopback",
			"http://2130706433/             | is a loopback",
			"http://0x7f.1/                 | is a loopback",
			"http://0x7f000001/             | is a loopback",
			"http://017700000001/           | is a loopback",
			"http://0177.0.0.1/             | is a loopback",
			"http://127.1/                  | is a loopback",
			"http://[::1]/                  | is a loopback",
			"http://[::ffff:127.0.0.1]/     | is a loopback",
			"http://[::ffff:7f00:1]/        | is a loopback",
			"http://[::127.0.0.1]/          | is a loopback",
			"http://[64:ff9b::7f00:1]/      | is a loopback",
			"http://[2002:7f00:1::]/        | is a loopback",
			// other internal blocks
			"http://169.254.169.254/latest  | is a cloud metadata",
			"http://[fd00:ec2::254]/        | is a cloud metadata",
			"http://[::ffff:169.254.169.254]/ | is a cloud metadata",
			"http://169.254.1.1/            | is a link-local",
			"http://[fe80::1]/              | is a link-local",
			"http://10.0.0.1/               | is a private",
			"http://172.16.5.4/             | is a private",
			"http://172.31.255.255/         | is a private",
			"http://192.168.1.1/            | is a private",
			"http://[fc00::1]/              | is a private (unique local)",
			"http://100.64.0.1/             | is a carrier-grade NAT",
			"http://100.127.255.255/        | is a carrier-grade NAT",
			"http://224.0.0.1/              | is a multicast",
			"http://[ff02::1]/              | is a multicast",
			"http://0.0.0.0/                | is a unspecified",
			"http://0/                      | is a unspecified",
			"http://[::]/                   | is a unspecified",
			// names resolving to them
			"http://metadata.google.internal/computeMetadata | resolves to a cloud metadata",
			"https://intranet.example.com/  | resolves to a private",
			"https://half.example.com/      | resolves to a loopback",
			"https://ula.example.com/       | resolves to a private (unique local)" })
	void refusesInternalTargetsInEverySpelling(String url, String reason) {
		assertThat(strict.refusal(url)).isEqualTo("must reach a public address: its host " + reason + " address");
	}

	@ParameterizedTest
	@CsvSource({ "https://hooks.example.com/x", "http://93.184.216.34/", "http://[2606:2800:220:1::1]/",
			"http://172.32.0.1/", "http://100.128.0.1/", "http://11.0.0.1/", "http://1.1.1.1:8443/",
			// not resolvable yet: its deliveries are checked when they connect
			"https://not-yet.example.com/" })
	void acceptsPublicTargets(String url) {
		assertThat(strict.refusal(url)).isNull();
	}

	@Test
	void aNameIsCheckedAgainAtEveryResolutionSoRebindingIsRefused() throws UnknownHostException {
		Deque<InetAddress> answers = new ArrayDeque<>(List.of(address("93.184.216.34"), address("127.0.0.1")));
		TargetCheck targets = new TargetCheck(host -> List.of(answers.pop()), List.of());

		assertThat(targets.refusal("https://rebind.example.com/")).isNull();
		assertThatExceptionOfType(TargetRefused.class).isThrownBy(() -> targets.addresses("rebind.example.com"))
			.withMessage("must reach a public address: its host resolves to a loopback address");
	}

	@Test
	void theAddressesCheckedAreTheOnesReturnedForTheConnection() throws UnknownHostException {
		assertThat(strict.addresses("hooks.example.com")).containsExactly(address("93.184.216.34"),
				address("2606:2800:220:1::1"));
		assertThat(strict.addresses("0x5d.0xb8.0xd8.0x22")).containsExactly(address("93.184.216.34"));
	}

	@Test
	void theAllowListLetsBlocksAndNamesThroughButNeverMetadata() {
		TargetCheck allowing = new TargetCheck(DNS,
				List.of("127.0.0.0/8", "10.1.0.0/16", "fd12::/16", "half.example.com", "169.254.0.0/16"));

		Map<String, Boolean> refused = Map.of("http://127.0.0.1:9/", false, "http://2130706433/", false,
				"https://intranet.example.com/", false, "http://10.2.0.1/", true, "https://ula.example.com/", false,
				"https://half.example.com/", false, "http://192.168.0.1/", true, "http://169.254.1.1/", false,
				"http://169.254.169.254/", true, "http://metadata.google.internal/", true);
		refused.forEach((url, refusal) -> assertThat(allowing.refusal(url) != null).as(url).isEqualTo(refusal));
	}

	@Test
	void anAllowListEntryThatIsNeitherBlockNorNameStopsTheStart() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TargetCheck(DNS, List.of("10.0.0.0/33")));
		assertThatIllegalArgumentException().isThrownBy(() -> new TargetCheck(DNS, List.of("http://x/")));
		assertThatIllegalArgumentException().isThrownBy(() -> new TargetCheck(DNS, List.of("10.0.0.0/x")));
	}

	static InetAddress address(String literal) {
		InetAddress parsed = HostLiteral.parse(literal);
		assertThat(parsed).as(literal).isNotNull();
		return parsed;
	}

}
