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
	 * fault hits ({@code OUT-repeated-<random>}, one per fault): a provider bug the caller must survive.
	 */
	REPEATED_CALL_SID;

	/** Whether the request is refused with an error status and nothing happens. */
	boolean refusesRequest() {
		return this == HTTP_500 || this == HTTP_502 || this == HTTP_429;
	}

}
