package dev.campaigns.orchestrator.security.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Spring Security's firewall refuses requests with a suspicious URI (an encoded {@code %} or
 * {@code /}, {@code //}, control or line-separator characters) before anything else sees them.
 * They are answered as Tomcat's own rejections are ({@code ProblemErrorReportValve}): a 400
 * RFC 9457 problem, whatever the client accepts.
 */
class FirewallRejections implements RequestRejectedHandler {

	private static final String PROBLEM = "{\"type\":\"https://campaign-orchestrator.dev/problems/invalid-request\","
			+ "\"title\":\"Bad Request\",\"status\":400,\"detail\":\"The request was rejected before it reached the"
			+ " API: its URI or headers are malformed.\",\"errors\":[{\"field\":\"request\",\"reason\":\"has a"
			+ " malformed URI or headers\"}]}";

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException ex)
			throws IOException {
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write(PROBLEM);
		response.flushBuffer();
	}

}
