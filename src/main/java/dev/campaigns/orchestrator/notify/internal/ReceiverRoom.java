package dev.campaigns.orchestrator.notify.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a round may claim of each receiver: nothing of the {@code full} ones, what is left of
 * the {@code busy} ones' share (in a stable order, for the claim's parallel arrays), and the
 * whole share, {@code perReceiver}, of every other.
 */
record ReceiverRoom(int perReceiver, List<String> full, Map<String, Integer> busy) {

	ReceiverRoom {
		full = List.copyOf(full);
		busy = Collections.unmodifiableMap(new LinkedHashMap<>(busy));
	}

	/** How many more deliveries to {@code receiver} may be in flight. */
	int of(String receiver) {
		return full.contains(receiver) ? 0 : busy.getOrDefault(receiver, perReceiver);
	}

}
