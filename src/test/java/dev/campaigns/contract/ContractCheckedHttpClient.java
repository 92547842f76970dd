package dev.campaigns.contract;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

import dev.campaigns.testsupport.ApiContract;

/**
 * The generated client's {@link HttpClient}: a plain one whose every answer is checked
 * against the OpenAPI document ({@link ApiContract}) before the generated code reads it, so
 * the generated client's traffic is held to the document like every other test's.
 */
final class ContractCheckedHttpClient extends HttpClient {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/** A builder for the generated {@code ApiClient}, which builds its client itself. */
	static HttpClient.Builder builder() {
		return new Builder() {
			@Override
			public HttpClient build() {
				return new ContractCheckedHttpClient();
			}
		};
	}

	@Override
	public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
			throws IOException, InterruptedException {
		HttpResponse<byte[]> raw = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
		ApiContract.check(request, new Answer<>(raw, new String(raw.body(), StandardCharsets.UTF_8)));
		return new Answer<>(raw, replay(raw, handler));
	}

	/** Feeds the bytes already read to the generated code's body handler. */
	private static <T> T replay(HttpResponse<byte[]> raw, HttpResponse.BodyHandler<T> handler)
			throws IOException, InterruptedException {
		HttpResponse.BodySubscriber<T> subscriber = handler.apply(new HttpResponse.ResponseInfo() {
			@Override
			public int statusCode() {
				return raw.statusCode();
			}

			@Override
			public HttpHeaders headers() {
				return raw.headers();
			}

			@Override
			public Version version() {
				return raw.version();
			}
		});
		subscriber.onSubscribe(new Flow.Subscription() {
			private boolean done;

			@Override
			public void request(long n) {
				if (!done) {
					done = true;
					subscriber.onNext(List.of(ByteBuffer.wrap(raw.body())));
					subscriber.onComplete();
				}
			}

			@Override
			public void cancel() {
				done = true;
			}
		});
		try {
			return subscriber.getBody().toCompletableFuture().get();
		}
		catch (ExecutionException ex) {
			throw new IOException(ex.getCause());
		}
	}

	@Override
	public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
			HttpResponse.BodyHandler<T> handler) {
		throw new UnsupportedOperationException("the generated client sends synchronously");
	}

	@Override
	public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
			HttpResponse.PushPromiseHandler<T> push) {
		throw new UnsupportedOperationException("the generated client sends synchronously");
	}

	@Override
	public Optional<CookieHandler> cookieHandler() {
		return http.cookieHandler();
	}

	@Override
	public Optional<Duration> connectTimeout() {
		return http.connectTimeout();
	}

	@Override
	public Redirect followRedirects() {
		return http.followRedirects();
	}

	@Override
	public Optional<ProxySelector> proxy() {
		return http.proxy();
	}

	@Override
	public SSLContext sslContext() {
		return http.sslContext();
	}

	@Override
	public SSLParameters sslParameters() {
		return http.sslParameters();
	}

	@Override
	public Optional<Authenticator> authenticator() {
		return http.authenticator();
	}

	@Override
	public Version version() {
		return http.version();
	}

	@Override
	public Optional<Executor> executor() {
		return http.executor();
	}

	/** An answer with its body already read. */
	private record Answer<T>(HttpResponse<byte[]> raw, T body) implements HttpResponse<T> {

		@Override
		public int statusCode() {
			return raw.statusCode();
		}

		@Override
		public HttpRequest request() {
			return raw.request();
		}

		@Override
		public Optional<HttpResponse<T>> previousResponse() {
			return Optional.empty();
		}

		@Override
		public HttpHeaders headers() {
			return raw.headers();
		}

		@Override
		public Optional<SSLSession> sslSession() {
			return raw.sslSession();
		}

		@Override
		public java.net.URI uri() {
			return raw.uri();
		}

		@Override
		public Version version() {
			return raw.version();
		}

	}

	/** Only {@link #build()} matters: the generated client sets nothing else. */
	private abstract static class Builder implements HttpClient.Builder {

		@Override
		public HttpClient.Builder cookieHandler(CookieHandler cookieHandler) {
			return this;
		}

		@Override
		public HttpClient.Builder connectTimeout(Duration duration) {
			return this;
		}

		@Override
		public HttpClient.Builder sslContext(SSLContext sslContext) {
			return this;
		}

		@Override
		public HttpClient.Builder sslParameters(SSLParameters sslParameters) {
			return this;
		}

		@Override
		public HttpClient.Builder executor(Executor executor) {
			return this;
		}

		@Override
		public HttpClient.Builder followRedirects(Redirect policy) {
			return this;
		}

		@Override
		public HttpClient.Builder version(Version version) {
			return this;
		}

		@Override
		public HttpClient.Builder priority(int priority) {
			return this;
		}

		@Override
		public HttpClient.Builder proxy(ProxySelector proxySelector) {
			return this;
		}

		@Override
		public HttpClient.Builder authenticator(Authenticator authenticator) {
			return this;
		}

	}

}
