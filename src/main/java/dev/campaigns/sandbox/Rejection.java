package dev.campaigns.sandbox;

import org.springframework.http.HttpStatus;

/**
 * A request the sandbox refuses, answered with {@code status} and the body
 * {@code {"error": error, "message": message}}.
 *
 * @param status the HTTP status
 * @param error a short, stable code a test can match on
 * @param message the reason, naming the offending field as the client spelled it
 */
record Rejection(HttpStatus status, String error, String message) implements TriggerCheck {

	static Rejection badRequest(String error, String message) {
		return new Rejection(HttpStatus.BAD_REQUEST, error, message);
	}

	static Rejection unauthorized(String message) {
		return new Rejection(HttpStatus.UNAUTHORIZED, "unauthorized", message);
	}

	static Rejection notFound(String error, String message) {
		return new Rejection(HttpStatus.NOT_FOUND, error, message);
	}

}
