package dev.campaigns.orchestrator.security.web;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import dev.campaigns.orchestrator.security.Role;
import dev.campaigns.orchestrator.security.web.ApiKeyRequest.FieldViolation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyRequestSecurityTests {

	private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

	@Test
	void anExpiryMustBeInTheFuture() {
		List<String> roles = List.of("reports:read");
		assertThat(new ApiKeyRequest("k", null, roles, NOW.plusSeconds(1)).violations(NOW)).isEmpty();
		for (Instant past : List.of(NOW, NOW.minusSeconds(1))) {
			assertThat(new ApiKeyRequest("k", null, roles, past).violations(NOW)).extracting(FieldViolation::field)
				.as(past.toString())
				.containsExactly("expiresAt");
		}
	}

	@Test
	void aNamedKeyOfATenantWithKnownRolesIsValid() {
		ApiKeyRequest request = new ApiKeyRequest("reminder jobs", "clinic-7.uk_north",
				List.of("campaigns:write", "reports:read"), null);

		assertThat(request.violations(NOW)).isEmpty();
		assertThat(request.knownRoles()).containsExactlyInAnyOrder(Role.CAMPAIGNS_WRITE, Role.REPORTS_READ);
	}

	@Test
	void everyMissingFieldIsReportedAndAnAbsentTenantMeansTheCallersOwn() {
		assertThat(new ApiKeyRequest(null, null, null, null).violations(NOW)).extracting(FieldViolation::field)
			.containsExactly("name", "roles");
		assertThat(new ApiKeyRequest(" ", "", List.of(), null).violations(NOW)).extracting(FieldViolation::field)
			.containsExactly("name", "tenant", "roles");
	}

	@Test
	void namesAndTenantsHaveAtMostAHundredCharacters() {
		assertThat(new ApiKeyRequest("n".repeat(100), "t".repeat(100), List.of("admin"), null).violations(NOW)).isEmpty();
		assertThat(new ApiKeyRequest("n".repeat(101), "t".repeat(101), List.of("admin"), null).violations(NOW))
			.extracting(FieldViolation::field)
			.containsExactly("name", "tenant");
	}

	@Test
	void tenantsAreLettersDigitsDotsUnderscoresAndHyphens() {
		for (String tenant : List.of("a b", "a/b", "caf\u00e9", "a\nb", "a:b")) {
			assertThat(new ApiKeyRequest("n", tenant, List.of("admin"), null).violations(NOW)).as(tenant)
				.extracting(FieldViolation::field)
				.containsExactly("tenant");
		}
	}

	@Test
	void unknownRolesAreNamedInTheReason() {
		List<FieldViolation> violations = new ApiKeyRequest("n", "t", Arrays.asList("admin", "superuser", null), null)
			.violations(NOW);

		assertThat(violations).extracting(FieldViolation::field).containsExactly("roles", "roles");
		assertThat(violations.get(0).reason()).contains("'superuser'");
	}

	@Test
	void controlCharactersInNamesAreRefused() {
		assertThat(new ApiKeyRequest("bad\u0007name", "t", List.of("admin"), null).violations(NOW))
			.extracting(FieldViolation::field)
			.containsExactly("name");
	}

}
