package dev.campaigns.orchestrator.report.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/** The dashboard's refusals as pages: sign in first, 403, 404. */
@ControllerAdvice(assignableTypes = { AdminController.class, AdminRecipientController.class })
class AdminPages {

	@ExceptionHandler
	String signIn(AdminSignInNeeded ex) {
		return "redirect:/admin/login";
	}

	@ExceptionHandler
	ModelAndView forbidden(AdminForbidden ex) {
		return problem(HttpStatus.FORBIDDEN, "Not allowed",
				"This API key may not do this: the dashboard needs reports:read, campaigns:write or admin, and the"
						+ " lifecycle and recipient buttons campaigns:write or admin.");
	}

	@ExceptionHandler
	ModelAndView notFound(AdminNotFound ex) {
		if (ex.isRecipient()) {
			return problem(HttpStatus.NOT_FOUND, "No such recipient", "This campaign has no recipient with this id.");
		}
		return problem(HttpStatus.NOT_FOUND, "No such campaign", "There is no campaign with this id.");
	}

	private static ModelAndView problem(HttpStatus status, String title, String detail) {
		ModelAndView page = new ModelAndView("admin/problem");
		page.setStatus(status);
		page.addObject("status", status.value());
		page.addObject("title", title);
		page.addObject("detail", detail);
		return page;
	}

}
