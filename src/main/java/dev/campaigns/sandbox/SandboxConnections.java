package dev.campaigns.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Which credentials the sandbox accepts, and for which agents and projects: the entries of
 * {@code orchestrator.sandbox.connections}, or, when none are listed, the one entry the
 * single-credential settings make ({@code auth-token}, unset: any non-blank credential, with
 * {@code agent-id}, {@code account-id} and {@code project-id}).
 *
 * <p>A request is served when its credential is an entry's and its path's scope is one that
 * same entry serves. A missing or blank credential, or one no entry has, is 401; a known
 * credential whose entries all serve other agents or projects is 404 "no connector found",
 * as PolyAI answers a path naming a connector the key does not reach. The offered credential
 * is compared with every entry's, in constant time, so neither the answer's time nor an early
 * return tells how much of a credential was right or which entry matched.
 */
final class SandboxConnections {

	/** How many hex digits of the credential's SHA-256 a {@link #fingerprint(String)} keeps. */
	static final int FINGERPRINT_LENGTH = 12;

	/** One accepted credential ({@code null}: any non-blank one) and the scope it is pinned to. */
	private record Entry(byte @Nullable [] credential, @Nullable String agentId, @Nullable String accountId,
			@Nullable String projectId) {

		boolean accepts(byte[] offered) {
			return credential == null || MessageDigest.isEqual(credential, offered);
		}

		boolean serves(CallScope scope) {
			return scope.servedBy(agentId, accountId, projectId);
		}

	}

	private final List<Entry> entries;

	SandboxConnections(SandboxSettings settings) {
		this.entries = settings.connections().isEmpty()
				? List.of(new Entry(bytes(settings.authToken()), settings.agentId(), settings.accountId(),
						settings.projectId()))
				: settings.connections()
					.stream()
					.map(connection -> new Entry(bytes(connection.credential()), connection.agentId(),
							connection.accountId(), connection.projectId()))
					.toList();
	}

	/**
	 * Why a request with this credential on a path of this scope is refused: 401 for a missing,
	 * blank or unknown credential, 404 for a scope none of its entries serves; {@code null}
	 * when it is served.
	 */
	@Nullable Rejection refusal(Dialect dialect, CallScope scope, @Nullable String credential) {
		if (credential == null || credential.isBlank()) {
			return Rejection.unauthorized("missing " + dialect.authHeader() + " header");
		}
		byte[] offered = credential.getBytes(StandardCharsets.UTF_8);
		boolean known = false;
		boolean served = false;
		for (Entry entry : entries) {
			// every entry is compared: no early return after the matching one
			if (entry.accepts(offered)) {
				known = true;
				served |= entry.serves(scope);
			}
		}
		if (!known) {
			return Rejection.unauthorized("invalid " + dialect.authHeader() + " header");
		}
		return served ? null : scope.noConnector();
	}

	/**
	 * A short, non-reversible name for a credential, as {@code _calls} shows it: the first
	 * {@value #FINGERPRINT_LENGTH} lower-case hex digits of the SHA-256 of its UTF-8 bytes. It
	 * tells which of the credentials a test configured was used, without showing any of them.
	 */
	static String fingerprint(String credential) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(credential.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest).substring(0, FINGERPRINT_LENGTH);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform has SHA-256", ex);
		}
	}

	private static byte @Nullable [] bytes(@Nullable String credential) {
		return (credential != null) ? credential.getBytes(StandardCharsets.UTF_8) : null;
	}

}
