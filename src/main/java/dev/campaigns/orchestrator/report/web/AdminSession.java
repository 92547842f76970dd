package dev.campaigns.orchestrator.report.web;

import java.io.Serializable;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import dev.campaigns.orchestrator.report.internal.AdminKeys.SignedInKey;
import dev.campaigns.orchestrator.security.Role;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is signed in to the dashboard: the API key's tenant and roles (never the key), kept in
 * the session as the principal of Spring Security's authentication ({@link AdminSignIn}).
 */
public record AdminSession(UUID keyId, String keyName, String tenant, Set<Role> roles) implements Serializable {

	static AdminSession of(SignedInKey key) {
		return new AdminSession(key.id(), key.name(), key.tenant(),
				key.roles().isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(key.roles()));
	}

	/** The dashboard session of the request this thread serves, if one is signed in. */
	static @Nullable AdminSession current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication != null && authentication.getPrincipal() instanceof AdminSession admin ? admin : null;
	}

	/** Reports are for keys with reports:read or campaigns:write (or a role implying one). */
	public boolean canRead() {
		return holds(Role.REPORTS_READ) || holds(Role.CAMPAIGNS_WRITE);
	}

	/** Pause, resume and cancel are for keys with campaigns:write (or a role implying it). */
	public boolean canWrite() {
		return holds(Role.CAMPAIGNS_WRITE);
	}

	private boolean holds(Role needed) {
		return roles.stream().anyMatch((role) -> role.implies(needed));
	}

}
