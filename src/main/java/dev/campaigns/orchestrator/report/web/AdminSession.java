package dev.campaigns.orchestrator.report.web;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import dev.campaigns.orchestrator.report.internal.AdminKeys.SignedInKey;
import dev.campaigns.orchestrator.security.Role;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

/**
 * Who is signed in to the dashboard: the API key's tenant and roles (never the key), and
 * this session's CSRF token, which every POST form carries and {@link #acceptsToken} checks.
 */
public record AdminSession(UUID keyId, String keyName, String tenant, Set<Role> roles, String csrfToken)
		implements Serializable {

	static final String ATTRIBUTE = AdminSession.class.getName();

	private static final SecureRandom random = new SecureRandom();

	static AdminSession of(SignedInKey key) {
		byte[] token = new byte[32];
		random.nextBytes(token);
		return new AdminSession(key.id(), key.name(), key.tenant(),
				key.roles().isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(key.roles()),
				Base64.getUrlEncoder().withoutPadding().encodeToString(token));
	}

	static @Nullable AdminSession current(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		return session != null && session.getAttribute(ATTRIBUTE) instanceof AdminSession admin ? admin : null;
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

	/** Constant-time comparison with this session's token. */
	boolean acceptsToken(@Nullable String token) {
		return token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
				csrfToken.getBytes(StandardCharsets.UTF_8));
	}

}
