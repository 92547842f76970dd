package dev.campaigns.orchestrator.campaign.internal;

import java.util.ArrayList;
import java.util.List;

import dev.campaigns.orchestrator.campaign.FieldError;

/** Collects errors up to a bound, counting the rest, so a million bad rows cannot fill the heap. */
final class Rejections extends ArrayList<FieldError> {

	private final int bound;

	private int total;

	Rejections(int bound) {
		this.bound = bound;
	}

	@Override
	public boolean add(FieldError error) {
		total++;
		return size() < bound && super.add(error);
	}

	int total() {
		return total;
	}

	List<FieldError> listed() {
		return List.copyOf(this);
	}

}
