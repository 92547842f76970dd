package dev.campaigns.orchestrator.report.web;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * A dashboard POST refused by Spring Security (a missing or wrong CSRF token): a stranger is
 * sent to sign in, a signed-in key gets the 403 page.
 */
class AdminAccessDenied implements AccessDeniedHandler {

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException, ServletException {
		if (AdminSession.current() == null) {
			response.sendRedirect(request.getContextPath() + "/admin/login");
			return;
		}
		request.getRequestDispatcher("/admin/forbidden").forward(request, response);
	}

}
