package dev.campaigns.orchestrator;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's answer to the requests it rejects before the application sees them (an encoded
 * NUL or slash in the path, a URI that is not UTF-8, headers over the limit): an RFC 9457
 * problem like every other error of the API, instead of Tomcat's HTML page. Errors inside
 * the application never get here; Spring answers those.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0) {
			return;
		}
		AtomicBoolean writable = new AtomicBoolean(false);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, writable);
		if (!writable.get()) {
			return;
		}
		String type = RequestProblems.TYPES + (status == 400 ? "invalid-request" : "request-rejected");
		String title = switch (status) {
			case 400 -> "Bad Request";
			case 413 -> "Content Too Large";
			case 414 -> "URI Too Long";
			case 431 -> "Request Header Fields Too Large";
			default -> "Request Rejected";
		};
		StringBuilder problem = new StringBuilder("{\"type\":\"").append(type)
			.append("\",\"title\":\"")
			.append(title)
			.append("\",\"status\":")
			.append(status)
			.append(",\"detail\":\"The request was rejected before it reached the API: its URI or headers are"
					+ " malformed.\"");
		if (status == 400) {
			problem.append(",\"errors\":[{\"field\":\"request\",\"reason\":\"has a malformed URI or headers\"}]");
		}
		problem.append('}');
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(problem.toString());
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone or the response cannot be written: nothing left to tell
		}
	}

}
