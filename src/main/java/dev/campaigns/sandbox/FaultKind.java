package dev.campaigns.sandbox;

/** What an injected fault does to the request it hits. */
enum FaultKind {

	/** Answer 500 without placing a call: "failed to place the outbound call". */
	HTTP_500,

	/** Answer 502 without placing a call: "outbound calling service unavailable". */
	HTTP_502,

	/** Answer 429 without placing a call, with {@code Retry-After} when the fault names one. */
	HTTP_429,

	/** Do the request, then answer normally after the fault's latency. */
	LATENCY,

	/**
	 * Do the request (a trigger places its call), then withhold the answer for the fault's
	 * hold and break the connection: the client should have timed out by then.
	 */
	DROP_RESPONSE,

	/** Do the request, but answer with the call id stripped of its {@code OUT-} prefix. */
	BAD_CALL_SID,

	/**
	 * Do the request (a trigger places its call), but answer one call id for every request the
	 * fault hits ({@code OUT-repeated-<random>}, one per fault, or one per {@code statusText} when faults
	 * name one): a provider bug the caller must survive.
	 */
	REPEATED_CALL_SID,

	/** Answer the fault's {@code httpStatus} (e.g. 410, 400, 503) without doing anything. */
	HTTP_STATUS,

	/** Answer a status request 200 with the fault's {@code statusText} as the status (empty, garbage, NUL...). */
	STATUS_TEXT,

	/** Answer a status request 200 with a body that has no status at all. */
	NO_STATUS,

	/** Do the request, then send the answer's body one byte every {@code latency}. */
	TRICKLE,

	/** Do the request, then answer with the body padded to {@code size} bytes. */
	OVERSIZED;

	/** Whether the request is refused with an error status and nothing happens. */
	boolean refusesRequest() {
		return this == HTTP_500 || this == HTTP_502 || this == HTTP_429 || this == HTTP_STATUS;
	}

}
