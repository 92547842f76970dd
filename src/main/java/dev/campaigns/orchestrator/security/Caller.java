package dev.campaigns.orchestrator.security;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling the API: the API key that authenticated the request. Controllers under
 * {@code /api} take it as a method parameter ({@code Caller caller}) and scope what they
 * read and write by {@link #tenant()}.
 *
 * @param keyId the API key's id
 * @param name the API key's name, as its creator gave it
 * @param tenant the tenant whose data this caller may see
 * @param roles the roles granted to the key
 */
public record Caller(UUID keyId, String name, String tenant, Set<Role> roles) {

	public Caller {
		roles = Collections.unmodifiableSet(roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles));
	}

	/** Whether this caller may act as {@code role}; an admin may act as anyone of its tenant. */
	public boolean has(Role role) {
		return roles.stream().anyMatch((granted) -> granted.implies(role));
	}

	/** Whether this caller has at least one of {@code roles}. */
	public boolean hasAnyOf(Collection<Role> roles) {
		return roles.isEmpty() ? has(Role.ADMIN) : roles.stream().anyMatch(this::has);
	}

	/** Whether this caller may act on {@code tenant}'s data: its own, or any for a platform admin. */
	public boolean mayActOn(String tenant) {
		return this.tenant.equals(tenant) || has(Role.PLATFORM_ADMIN);
	}

}
