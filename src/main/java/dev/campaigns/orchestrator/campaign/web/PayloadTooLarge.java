package dev.campaigns.orchestrator.campaign.web;

import org.springframework.util.unit.DataSize;

/** The body is larger than the configured bound (413). */
class PayloadTooLarge extends RuntimeException {

	private final transient DataSize limit;

	PayloadTooLarge(DataSize limit) {
		super("the body is larger than " + limit.toMegabytes() + " MB", null, false, false);
		this.limit = limit;
	}

	DataSize limit() {
		return limit;
	}

}
