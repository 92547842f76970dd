package dev.campaigns.orchestrator.security.internal;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import dev.campaigns.orchestrator.security.Role;

import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Roles as Spring Security authorities (a role's {@link Role#code() code}, no {@code ROLE_}
 * prefix), and a {@link RoleHierarchy} built from {@link Role#implies}, so Spring Security and
 * {@link dev.campaigns.orchestrator.security.Caller#has} cannot disagree.
 */
final class RoleAuthorization {

	static final RoleHierarchy HIERARCHY = hierarchy();

	private RoleAuthorization() {
	}

	static List<GrantedAuthority> authorities(Set<Role> roles) {
		return roles.stream().map((role) -> (GrantedAuthority) new SimpleGrantedAuthority(role.code())).toList();
	}

	/**
	 * Whether the authentication holds one of {@code required} (or a role implying it); none
	 * required means admins only, as {@link dev.campaigns.orchestrator.security.Requires} says.
	 */
	static RoleDecision decide(Supplier<? extends Authentication> authentication, Collection<Role> required) {
		List<Role> needed = required.isEmpty() ? List.of(Role.ADMIN) : List.copyOf(required);
		AuthorityAuthorizationManager<Object> manager = AuthorityAuthorizationManager
			.hasAnyAuthority(needed.stream().map(Role::code).toArray(String[]::new));
		manager.setRoleHierarchy(HIERARCHY);
		boolean granted = manager.authorize(authentication, needed).isGranted();
		return new RoleDecision(granted, granted ? "" : Problems.missingRole(required));
	}

	private static RoleHierarchy hierarchy() {
		RoleHierarchyImpl.Builder builder = RoleHierarchyImpl.withRolePrefix("");
		for (Role role : Role.values()) {
			String[] implied = Arrays.stream(Role.values())
				.filter((other) -> other != role && role.implies(other))
				.map(Role::code)
				.toArray(String[]::new);
			if (implied.length > 0) {
				builder.role(role.code()).implies(implied);
			}
		}
		return builder.build();
	}

}
