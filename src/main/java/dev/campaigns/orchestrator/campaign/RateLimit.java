package dev.campaigns.orchestrator.campaign;

/** A campaign's own pace, inside the global one: calls started per minute, calls at once. */
public record RateLimit(int callsPerMinute, int maxConcurrentCalls) {

	/** 60 calls a minute, 20 at once. */
	public static final RateLimit DEFAULT = new RateLimit(60, 20);

}
