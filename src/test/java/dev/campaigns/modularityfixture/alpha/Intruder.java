package dev.campaigns.modularityfixture.alpha;

import dev.campaigns.modularityfixture.beta.internal.Secret;

public class Intruder {

	public String peek() {
		return new Secret().value();
	}

}
