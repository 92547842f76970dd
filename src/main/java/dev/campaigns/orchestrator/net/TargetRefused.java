package dev.campaigns.orchestrator.net;

import java.net.UnknownHostException;

/**
 * A target's host is, or resolves to, an address this service must not reach
 * ({@link TargetCheck}). It is a failed lookup to an HTTP client, so no connection is opened.
 */
public class TargetRefused extends UnknownHostException {

	private static final long serialVersionUID = 1L;

	TargetRefused(String reason) {
		super(reason);
	}

}
