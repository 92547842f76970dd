package dev.campaigns.sandbox;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every call the sandbox placed: looked up by id for status requests, and listed in arrival
 * order for {@code _calls}. Lookups take no lock, so status polling scales with the map.
 */
final class CallBook {

	private final Map<String, SandboxCall> byCallSid = new ConcurrentHashMap<>();

	private final Queue<SandboxCall> inArrivalOrder = new ConcurrentLinkedQueue<>();

	/** Keeps a newly placed call. */
	synchronized void record(SandboxCall call) {
		// under the same lock as forgetAll, so the map and the list never disagree
		byCallSid.put(call.callSid(), call);
		inArrivalOrder.add(call);
	}

	Optional<SandboxCall> find(String callSid) {
		return Optional.ofNullable(byCallSid.get(callSid));
	}

	/** Every call placed since the start or the last {@link #forgetAll()}, oldest first. */
	List<SandboxCall> all() {
		return List.copyOf(inArrivalOrder);
	}

	synchronized void forgetAll() {
		byCallSid.clear();
		inArrivalOrder.clear();
	}

}
