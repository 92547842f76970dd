package dev.campaigns.orchestrator.security;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class RoleSecurityTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void adminImpliesEveryRoleButPlatformAdminWhichImpliesEveryRole() {
		for (Role role : Role.values()) {
			assertThat(Role.ADMIN.implies(role)).as(role.code()).isEqualTo(role != Role.PLATFORM_ADMIN);
			assertThat(Role.PLATFORM_ADMIN.implies(role)).as(role.code()).isTrue();
		}
	}

	@Test
	void otherRolesImplyOnlyThemselves() {
		assertThat(Role.CAMPAIGNS_WRITE.implies(Role.CAMPAIGNS_WRITE)).isTrue();
		assertThat(Role.CAMPAIGNS_WRITE.implies(Role.REPORTS_READ)).isFalse();
		assertThat(Role.CAMPAIGNS_WRITE.implies(Role.ADMIN)).isFalse();
		assertThat(Role.REPORTS_READ.implies(Role.CAMPAIGNS_WRITE)).isFalse();
		assertThat(Role.REPORTS_READ.implies(Role.ADMIN)).isFalse();
		assertThat(Role.CAMPAIGNS_WRITE.implies(Role.PLATFORM_ADMIN)).isFalse();
		assertThat(Role.REPORTS_READ.implies(Role.PLATFORM_ADMIN)).isFalse();
	}

	@Test
	void anAgentsReportRoleImpliesNoOtherAndNoOtherButTheAdminsImpliesIt() {
		for (Role role : Role.values()) {
			assertThat(Role.CALLS_REPORT.implies(role)).as(role.code()).isEqualTo(role == Role.CALLS_REPORT);
		}
		assertThat(Role.CAMPAIGNS_WRITE.implies(Role.CALLS_REPORT)).isFalse();
		assertThat(Role.REPORTS_READ.implies(Role.CALLS_REPORT)).isFalse();
		assertThat(Role.ADMIN.implies(Role.CALLS_REPORT)).isTrue();
		assertThat(Role.ofCode("calls:report")).contains(Role.CALLS_REPORT);
	}

	@Test
	void rolesAreWrittenAndReadAsTheirColonCodes() {
		assertThat(json.writeValueAsString(List.of(Role.CAMPAIGNS_WRITE, Role.REPORTS_READ, Role.ADMIN)))
			.isEqualTo("[\"campaigns:write\",\"reports:read\",\"admin\"]");
		assertThat(json.readValue("\"reports:read\"", Role.class)).isEqualTo(Role.REPORTS_READ);
		assertThat(Role.ofCode("campaigns:write")).contains(Role.CAMPAIGNS_WRITE);
		assertThat(Role.ofCode("CAMPAIGNS_WRITE")).isEmpty();
	}

	@Test
	void aCallerHasItsRolesAndNothingElse() {
		Caller writer = caller(Role.CAMPAIGNS_WRITE);

		assertThat(writer.has(Role.CAMPAIGNS_WRITE)).isTrue();
		assertThat(writer.has(Role.REPORTS_READ)).isFalse();
		assertThat(writer.has(Role.ADMIN)).isFalse();
		assertThat(writer.hasAnyOf(List.of(Role.REPORTS_READ, Role.CAMPAIGNS_WRITE))).isTrue();
		assertThat(writer.hasAnyOf(List.of(Role.REPORTS_READ))).isFalse();
	}

	@Test
	void anAdminCallerHasEveryRoleEvenWhenNoneIsListed() {
		Caller admin = caller(Role.ADMIN);

		assertThat(admin.has(Role.CAMPAIGNS_WRITE)).isTrue();
		assertThat(admin.has(Role.REPORTS_READ)).isTrue();
		assertThat(admin.hasAnyOf(List.of())).isTrue();
		assertThat(caller(Role.REPORTS_READ).hasAnyOf(List.of())).isFalse();
	}

	@Test
	void aCallersRolesCannotBeChangedAfterwards() {
		Caller reader = caller(Role.REPORTS_READ);

		assertThat(reader.roles()).isUnmodifiable();
		assertThat(new Caller(UUID.randomUUID(), "none", "t", Set.of()).roles()).isEmpty();
	}

	private static Caller caller(Role... roles) {
		return new Caller(UUID.randomUUID(), "test", "tenant-a", Set.of(roles));
	}

}
