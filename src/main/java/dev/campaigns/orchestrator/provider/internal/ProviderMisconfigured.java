package dev.campaigns.orchestrator.provider.internal;

/** The provider settings cannot work; the service refuses to start with them. */
class ProviderMisconfigured extends RuntimeException {

	ProviderMisconfigured(String message) {
		super(message);
	}

}
