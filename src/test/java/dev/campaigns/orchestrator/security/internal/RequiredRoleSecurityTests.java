package dev.campaigns.orchestrator.security.internal;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.campaigns.orchestrator.security.Caller;
import dev.campaigns.orchestrator.security.Requires;
import dev.campaigns.orchestrator.security.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;

import static org.assertj.core.api.Assertions.assertThat;

class RequiredRoleSecurityTests {

	private final RequiredRoleInterceptor interceptor = new RequiredRoleInterceptor(new ProblemAnswers());

	@AfterEach
	void forgetTheCaller() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void aCallerWithOneOfTheRequiredRolesGetsThrough() throws Exception {
		assertThat(allowed(Role.REPORTS_READ, "readOrWrite")).isTrue();
		assertThat(allowed(Role.CAMPAIGNS_WRITE, "readOrWrite")).isTrue();
	}

	@Test
	void anAdminAlwaysGetsThrough() throws Exception {
		assertThat(allowed(Role.ADMIN, "read")).isTrue();
		assertThat(allowed(Role.ADMIN, "adminsOnly")).isTrue();
	}

	@Test
	void aCallerWithoutTheRoleIsForbiddenWithTheRoleNamed() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();

		boolean allowed = interceptor.preHandle(requestBy(Role.CAMPAIGNS_WRITE), response,
				handler(Annotated.class, "read"));

		assertThat(allowed).isFalse();
		assertThat(response.getStatus()).isEqualTo(403);
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		assertThat(response.getContentAsString())
			.contains("\"type\":\"https://campaign-orchestrator.dev/problems/forbidden\"")
			.contains("reports:read");
	}

	@Test
	void aMethodsAnnotationReplacesItsClasss() throws Exception {
		assertThat(allowed(Role.CAMPAIGNS_WRITE, "read")).isFalse();
		assertThat(allowed(Role.REPORTS_READ, "read")).isTrue();
		assertThat(allowed(Role.CAMPAIGNS_WRITE, "inheritsTheClasss")).isTrue();
		assertThat(allowed(Role.REPORTS_READ, "inheritsTheClasss")).isFalse();
	}

	@Test
	void anEmptyRequiresMeansAdminsOnly() throws Exception {
		assertThat(allowed(Role.REPORTS_READ, "adminsOnly")).isFalse();
	}

	@Test
	void aHandlerWithoutRequiresIsClosedEvenToAdmins() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();

		boolean allowed = interceptor.preHandle(requestBy(Role.ADMIN), response, handler(Unannotated.class, "open"));

		assertThat(allowed).isFalse();
		assertThat(response.getStatus()).isEqualTo(403);
		assertThat(response.getContentAsString()).contains("declares no required role");
	}

	@Test
	void aHandlerThatIsNotAControllerMethodIsClosed() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();

		assertThat(interceptor.preHandle(requestBy(Role.ADMIN), response, new Object())).isFalse();
		assertThat(response.getStatus()).isEqualTo(403);
	}

	@Test
	void aRequestWithoutACallerIsUnauthenticated() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();

		boolean allowed = interceptor.preHandle(new MockHttpServletRequest("GET", "/api/v1/x"), response,
				handler(Annotated.class, "read"));

		assertThat(allowed).isFalse();
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer");
	}

	@Test
	void onlyPathsUnderApiAreGuarded() {
		assertThat(ApiPaths.isApi("/api")).isTrue();
		assertThat(ApiPaths.isApi("/api/v1/campaigns")).isTrue();
		assertThat(ApiPaths.isApi("/apiary")).isFalse();
		assertThat(ApiPaths.isApi("/actuator/health")).isFalse();
		assertThat(ApiPaths.isApi("/v3/api-docs")).isFalse();
		assertThat(ApiPaths.isApi("/sandbox/polyai/api/v1/a/b/outbound-call/trigger")).isFalse();
	}

	@Test
	void managementEndpointsBeyondHealthAreGuarded() {
		for (String path : List.of("/actuator", "/actuator/prometheus", "/actuator/metrics/jvm.memory.used",
				"/actuator/info", "/actuator/healthz")) {
			assertThat(ApiPaths.isGuardedManagement(path, "/actuator")).as(path).isTrue();
		}
		for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuatorx", "/admin",
				"/api/v1/campaigns")) {
			assertThat(ApiPaths.isGuardedManagement(path, "/actuator")).as(path).isFalse();
		}
		assertThat(ApiPaths.isGuardedManagement("/manage/metrics", "/manage")).isTrue();
	}

	@Test
	void theRoleHierarchyIsRoleImplies() {
		for (Role held : Role.values()) {
			List<String> reachable = RoleAuthorization.HIERARCHY
				.getReachableGrantedAuthorities(List.of(new SimpleGrantedAuthority(held.code())))
				.stream()
				.map(GrantedAuthority::getAuthority)
				.toList();
			for (Role wanted : Role.values()) {
				assertThat(reachable.contains(wanted.code())).as(held + " implies " + wanted)
					.isEqualTo(held.implies(wanted));
			}
		}
	}

	@Test
	void theForbiddenDetailNamesWhatIsNeeded() {
		assertThat(Problems.missingRole(List.of(Role.REPORTS_READ)))
			.isEqualTo("This needs the role reports:read (or admin).");
		assertThat(Problems.missingRole(List.of(Role.REPORTS_READ, Role.CAMPAIGNS_WRITE)))
			.isEqualTo("This needs one of the roles reports:read, campaigns:write (or admin).");
		assertThat(Problems.missingRole(List.of())).isEqualTo("This needs the role admin.");
	}

	private boolean allowed(Role role, String method) throws Exception {
		return interceptor.preHandle(requestBy(role), new MockHttpServletResponse(), handler(Annotated.class, method));
	}

	/** A request whose API key Spring Security authenticated, with this role. */
	private static MockHttpServletRequest requestBy(Role role) {
		SecurityContextHolder.getContext()
			.setAuthentication(
					ApiKeyAuthentication.authenticated(new Caller(UUID.randomUUID(), "test", "tenant-a", Set.of(role))));
		return new MockHttpServletRequest("GET", "/api/v1/x");
	}

	private static HandlerMethod handler(Class<?> type, String method) throws Exception {
		return new HandlerMethod(type.getDeclaredConstructor().newInstance(), type.getDeclaredMethod(method));
	}

	@Requires(Role.CAMPAIGNS_WRITE)
	static class Annotated {

		@Requires(Role.REPORTS_READ)
		void read() {
		}

		@Requires({ Role.REPORTS_READ, Role.CAMPAIGNS_WRITE })
		void readOrWrite() {
		}

		@Requires({})
		void adminsOnly() {
		}

		void inheritsTheClasss() {
		}

	}

	static class Unannotated {

		void open() {
		}

	}

}
