package dev.campaigns.orchestrator.security.web;

import java.util.Arrays;
import java.util.List;

import dev.campaigns.orchestrator.security.Role;
import dev.campaigns.orchestrator.security.web.ApiKeyRequest.FieldViolation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyRequestSecurityTests {

	@Test
	void aNamedKeyOfATenantWithKnownRolesIsValid() {
		ApiKeyRequest request = new ApiKeyRequest("reminder jobs", "clinic-7.uk_north",
				List.of("campaigns:write", "reports:read"));

		assertThat(request.violations()).isEmpty();
		assertThat(request.knownRoles()).containsExactlyInAnyOrder(Role.CAMPAIGNS_WRITE, Role.REPORTS_READ);
	}

	@Test
	void everyMissingFieldIsReportedAndAnAbsentTenantMeansTheCallersOwn() {
		assertThat(new ApiKeyRequest(null, null, null).violations()).extracting(FieldViolation::field)
			.containsExactly("name", "roles");
		assertThat(new ApiKeyRequest(" ", "", List.of()).violations()).extracting(FieldViolation::field)
			.containsExactly("name", "tenant", "roles");
	}

	@Test
	void namesAndTenantsHaveAtMostAHundredCharacters() {
		assertThat(new ApiKeyRequest("n".repeat(100), "t".repeat(100), List.of("admin")).violations()).isEmpty();
		assertThat(new ApiKeyRequest("n".repeat(101), "t".repeat(101), List.of("admin")).violations())
			.extracting(FieldViolation::field)
			.containsExactly("name", "tenant");
	}

	@Test
	void tenantsAreLettersDigitsDotsUnderscoresAndHyphens() {
		for (String tenant : List.of("a b", "a/b", "caf\u00e9", "a\nb", "a:b")) {
			assertThat(new ApiKeyRequest("n", tenant, List.of("admin")).violations()).as(tenant)
				.extracting(FieldViolation::field)
				.containsExactly("tenant");
		}
	}

	@Test
	void unknownRolesAreNamedInTheReason() {
		List<FieldViolation> violations = new ApiKeyRequest("n", "t", Arrays.asList("admin", "superuser", null))
			.violations();

		assertThat(violations).extracting(FieldViolation::field).containsExactly("roles", "roles");
		assertThat(violations.get(0).reason()).contains("'superuser'");
	}

	@Test
	void controlCharactersInNamesAreRefused() {
		assertThat(new ApiKeyRequest("bad\u0007name", "t", List.of("admin")).violations())
			.extracting(FieldViolation::field)
			.containsExactly("name");
	}

}
