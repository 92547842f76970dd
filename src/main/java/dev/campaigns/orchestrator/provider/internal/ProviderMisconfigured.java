package dev.campaigns.orchestrator.provider.internal;

/** The provider settings cannot work; the service refuses to start with them. */
class ProviderMisconfigured extends RuntimeException {

	private final String property;

	ProviderMisconfigured(String property, String reason) {
		super(property + " " + reason);
		this.property = property;
	}

	String property() {
		return property;
	}

}
