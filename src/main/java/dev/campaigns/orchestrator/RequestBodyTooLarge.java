package dev.campaigns.orchestrator;

import org.springframework.util.unit.DataSize;

/** A request body over its limit: 413, a {@code payload-too-large} problem. */
public class RequestBodyTooLarge extends RuntimeException {

	public RequestBodyTooLarge(DataSize limit) {
		super("The body is larger than " + limit, null, false, false);
	}

}
