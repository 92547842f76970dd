package dev.campaigns.orchestrator.notify.internal;

import java.net.UnknownHostException;

/**
 * A webhook's host is, or resolves to, an address deliveries must not reach. It is a failed
 * lookup to the HTTP client, so no connection is opened.
 */
class TargetRefused extends UnknownHostException {

	private static final long serialVersionUID = 1L;

	TargetRefused(String reason) {
		super(reason);
	}

}
