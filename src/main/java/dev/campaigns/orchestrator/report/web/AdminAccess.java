package dev.campaigns.orchestrator.report.web;

import dev.campaigns.orchestrator.campaign.Actor;
import dev.campaigns.orchestrator.report.internal.AdminKeys;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

/**
 * Who the dashboard's pages serve: a signed-in key, still active, with the role the page
 * needs. Every dashboard controller asks here first.
 */
@Component
class AdminAccess {

	private final AdminKeys keys;

	AdminAccess(AdminKeys keys) {
		this.keys = keys;
	}

	/** The signed-in session allowed to read reports; otherwise to the sign-in page, or 403. */
	AdminSession reader(HttpServletRequest request) {
		AdminSession admin = AdminSession.current();
		if (admin == null) {
			throw new AdminSignInNeeded();
		}
		if (!keys.isActive(admin.keyId())) {
			request.getSession().invalidate();
			throw new AdminSignInNeeded();
		}
		if (!admin.canRead()) {
			throw new AdminForbidden();
		}
		return admin;
	}

	/** The signed-in session allowed to act (campaigns:write); otherwise as {@link #reader}, or 403. */
	AdminSession writer(HttpServletRequest request) {
		AdminSession admin = reader(request);
		if (!admin.canWrite()) {
			throw new AdminForbidden();
		}
		return admin;
	}

	/** The key acting, as the audit trail names it. */
	static Actor actor(AdminSession admin) {
		return new Actor(admin.keyId(), admin.keyName());
	}

}
