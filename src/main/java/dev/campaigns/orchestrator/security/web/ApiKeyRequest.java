package dev.campaigns.orchestrator.security.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.campaigns.orchestrator.security.Role;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/v1/api-keys}. Every field may be missing on the wire;
 * {@link #violations()} says what is wrong with it.
 *
 * @param name what the key is for, 1 to 100 characters
 * @param tenant whose data the key sees, 1 to 100 of {@code A-Z a-z 0-9 . _ -}; the caller's own when absent
 * (only a platform admin names another tenant)
 * @param expiresAt when the key stops working, in the future; never when absent
 * @param roles at least one of {@code campaigns:write}, {@code reports:read}, {@code admin},
 * {@code platform:admin}
 */
record ApiKeyRequest(@Nullable String name, @Nullable String tenant, @Nullable List<@Nullable String> roles,
		@Nullable Instant expiresAt) {

	static final int LONGEST_NAME = 100;

	static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._-]{1,100}");

	/** What makes this request invalid at {@code now}, field by field; empty if it is valid. */
	List<FieldViolation> violations(Instant now) {
		List<FieldViolation> violations = new ArrayList<>();
		if (expiresAt != null && !expiresAt.isAfter(now)) {
			violations.add(new FieldViolation("expiresAt", "must be in the future"));
		}
		if (name == null || name.isBlank()) {
			violations.add(new FieldViolation("name", "is required"));
		}
		else if (name.length() > LONGEST_NAME) {
			violations.add(new FieldViolation("name", "must be at most " + LONGEST_NAME + " characters"));
		}
		else if (name.chars().anyMatch(Character::isISOControl)) {
			violations.add(new FieldViolation("name", "must not contain control characters"));
		}
		if (tenant != null && !TENANT.matcher(tenant).matches()) {
			violations.add(new FieldViolation("tenant",
					"must be 1 to 100 characters of letters, digits, '.', '_' and '-'"));
		}
		if (roles == null || roles.isEmpty()) {
			violations.add(new FieldViolation("roles", "must name at least one role"));
		}
		else {
			for (String role : roles) {
				if (role == null || Role.ofCode(role).isEmpty()) {
					violations.add(new FieldViolation("roles",
							"unknown role " + ((role == null) ? "null" : "'" + role + "'")
									+ "; known are campaigns:write, reports:read, admin, platform:admin"));
				}
			}
		}
		return violations;
	}

	/** The roles, once {@link #violations()} found none. */
	Set<Role> knownRoles() {
		Set<Role> known = EnumSet.noneOf(Role.class);
		if (roles != null) {
			roles.stream().map((role) -> Optional.ofNullable(role).flatMap(Role::ofCode)).flatMap(Optional::stream)
				.forEach(known::add);
		}
		return known;
	}

	/** One reason a request is invalid, as it appears in the problem's {@code errors}. */
	record FieldViolation(String field, String reason) {
	}

}
