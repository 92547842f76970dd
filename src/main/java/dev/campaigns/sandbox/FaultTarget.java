package dev.campaigns.sandbox;

/** Which requests a fault hits: every dialect's triggers, status reads, or both. */
enum FaultTarget {

	TRIGGER, STATUS, ALL;

	/** Whether a fault aimed here hits a request to {@code endpoint} (TRIGGER or STATUS). */
	boolean covers(FaultTarget endpoint) {
		return this == ALL || this == endpoint;
	}

}
