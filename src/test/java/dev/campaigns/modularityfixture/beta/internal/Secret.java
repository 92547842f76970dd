package dev.campaigns.modularityfixture.beta.internal;

public class Secret {

	public String value() {
		return "hidden";
	}

}
