package dev.campaigns.orchestrator.notify.internal;

import java.util.concurrent.CompletionException;

import org.jspecify.annotations.Nullable;

/** A receiver's answer to one try: its HTTP status, or why there was none. */
record DeliveryAnswer(@Nullable Integer status, String error) {

	private static final int LONGEST_ERROR = 500;

	static DeliveryAnswer of(int status) {
		return new DeliveryAnswer(status, status / 100 == 2 ? "" : "HTTP " + status);
	}

	/** No answer: the failure's type and message, e.g. {@code HttpTimeoutException: no whole answer within PT10S}. */
	static DeliveryAnswer failed(Throwable failure) {
		Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
				: failure;
		String error = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
		return new DeliveryAnswer(null, error.length() > LONGEST_ERROR ? error.substring(0, LONGEST_ERROR) : error);
	}

	boolean succeeded() {
		return status != null && status / 100 == 2;
	}

}
