package dev.campaigns.orchestrator.notify.internal;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTests {

	static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA";

	static final String BODY = "{\"id\":1,\"type\":\"recipient.completed\"}";

	@Test
	void signsTimestampDotBodyWithTheSecretAsWritten() {
		// printf '%s' '1700000000.<body>' | openssl dgst -sha256 -hmac "$SECRET"
		assertThat(WebhookSignature.sign(SECRET, 1700000000L, BODY))
			.isEqualTo("7001ce2760dd4fdb4ccbe80c8ab866a714e280b730448e97fbd05a56163a987c");
	}

	@Test
	void headerCarriesOneValuePerValidSecretCurrentFirst() {
		String single = WebhookSignature.header(SECRET, null, 1700000000L, BODY);
		assertThat(single).isEqualTo("v1=7001ce2760dd4fdb4ccbe80c8ab866a714e280b730448e97fbd05a56163a987c");
		String both = WebhookSignature.header("new-secret", SECRET, 1700000000L, BODY);
		assertThat(both.split(" ")).containsExactly("v1=" + WebhookSignature.sign("new-secret", 1700000000L, BODY),
				single);
	}

	@Test
	void aChangedTimestampOrBodyChangesTheSignature() {
		String signature = WebhookSignature.sign(SECRET, 1700000000L, BODY);
		assertThat(WebhookSignature.sign(SECRET, 1700000001L, BODY)).isNotEqualTo(signature);
		assertThat(WebhookSignature.sign(SECRET, 1700000000L, BODY + " ")).isNotEqualTo(signature);
	}

	@Test
	void newSecretsAreThirtyTwoRandomBytesInBase64Url() {
		String secret = WebhookSignature.newSecret();
		assertThat(secret).matches("[A-Za-z0-9_-]{43}");
		assertThat(Base64.getUrlDecoder().decode(secret)).hasSize(32);
		assertThat(WebhookSignature.newSecret()).isNotEqualTo(secret);
	}

}
