package dev.campaigns.orchestrator.notify.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deliveries in flight in this replica, in all and per receiver, against the caps: at most
 * {@code max} in all (the pool's threads, so a delivery never waits for one) and
 * {@code perReceiver} to one receiver. Thread-safe.
 */
final class InFlight {

	private final int max;

	private final int perReceiver;

	private final Map<String, Integer> byReceiver = new HashMap<>();

	private int count;

	InFlight(int max, int perReceiver) {
		this.max = max;
		this.perReceiver = perReceiver;
	}

	/** How many more deliveries may be in flight now, whatever their receivers. */
	synchronized int room() {
		return max - count;
	}

	synchronized int count() {
		return count;
	}

	/** What each receiver has room for now. */
	synchronized ReceiverRoom receiverRoom() {
		List<String> full = new ArrayList<>();
		Map<String, Integer> busy = new LinkedHashMap<>();
		byReceiver.forEach((receiver, n) -> {
			if (n >= perReceiver) {
				full.add(receiver);
			}
			else {
				busy.put(receiver, perReceiver - n);
			}
		});
		return new ReceiverRoom(perReceiver, full, busy);
	}

	/**
	 * Counts a delivery to {@code receiver} in flight.
	 * @throws IllegalStateException when it had no room (the round claimed more than it was given)
	 */
	synchronized void add(String receiver) {
		int n = byReceiver.getOrDefault(receiver, 0);
		if (count >= max || n >= perReceiver) {
			throw new IllegalStateException("no room for another delivery to this receiver: " + n + " of "
					+ perReceiver + " in flight, " + count + " of " + max + " in all");
		}
		byReceiver.put(receiver, n + 1);
		count++;
	}

	/** A delivery to {@code receiver} is no longer in flight: its answer is recorded, or it was not sent. */
	synchronized void remove(String receiver) {
		byReceiver.computeIfPresent(receiver, (key, n) -> n > 1 ? n - 1 : null);
		count--;
		notifyAll();
	}

	/** Waits up to {@code max} until nothing is in flight; answers whether nothing is. */
	synchronized boolean awaitNone(Duration max) throws InterruptedException {
		long deadline = System.nanoTime() + max.toNanos();
		for (long left = max.toNanos(); count > 0 && left > 0; left = deadline - System.nanoTime()) {
			wait(Math.max(1, left / 1_000_000));
		}
		return count == 0;
	}

}
