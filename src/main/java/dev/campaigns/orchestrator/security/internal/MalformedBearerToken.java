package dev.campaigns.orchestrator.security.internal;

import org.springframework.security.core.AuthenticationException;

/** An {@code Authorization} header that is not {@code Bearer <api key>}. */
class MalformedBearerToken extends AuthenticationException {

	MalformedBearerToken() {
		super("The Authorization header is not of the form Bearer <api key>.");
	}

}
