package dev.campaigns.sandbox;

/**
 * Where a sandbox call is in its life, independent of dialect; each {@link Dialect} names
 * these phases in its own status vocabulary.
 */
enum CallPhase {

	/** The instant the trigger was received, before the call entered the queue. */
	CREATED(false),

	QUEUED(false),

	RINGING(false),

	IN_PROGRESS(false),

	COMPLETED(true),

	NO_ANSWER(true),

	BUSY(true),

	FAILED(true);

	private final boolean isFinal;

	CallPhase(boolean isFinal) {
		this.isFinal = isFinal;
	}

	boolean isFinal() {
		return isFinal;
	}

}
