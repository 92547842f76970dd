package dev.campaigns.sandbox;

/**
 * How a sandbox call ends, decided when it is triggered. Configured as weights in
 * {@code orchestrator.sandbox.outcomes} under the keys {@code answered}, {@code no-answer},
 * {@code busy} and {@code failed}.
 */
public enum CallOutcome {

	/** Picked up, talked for the talk time, then hung up: the good ending. */
	ANSWERED(CallPhase.COMPLETED),

	/** Rang out without anyone picking up. */
	NO_ANSWER(CallPhase.NO_ANSWER),

	/** The line was busy. */
	BUSY(CallPhase.BUSY),

	/** The carrier could not connect the call. */
	FAILED(CallPhase.FAILED);

	private final CallPhase finalPhase;

	CallOutcome(CallPhase finalPhase) {
		this.finalPhase = finalPhase;
	}

	CallPhase finalPhase() {
		return finalPhase;
	}

}
