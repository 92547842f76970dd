package dev.campaigns.orchestrator.connection;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.campaigns.orchestrator.net.HostResolver;
import dev.campaigns.orchestrator.net.TargetCheck;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The keys that encrypt stored connections' credentials ({@code orchestrator.connections.*}).
 * Rotation: add a new key, make it the active one, keep the old one listed; rows written under
 * the old key stay readable, and a row is written under the active key when its credential is
 * replaced. Without keys the service runs as before, with the configured connection only, and
 * creating a connection is refused.
 *
 * @param encryptionKeys key id (letters, digits, {@code .}, {@code _}, {@code -}; at most 64)
 * to a base64 AES-256 key (32 bytes, e.g. {@code openssl rand -base64 32}); secret: set it from
 * the environment, e.g. {@code ORCHESTRATOR_CONNECTIONS_ENCRYPTIONKEYS_2026A}
 * @param activeKey the id of the key new credentials are encrypted with; required when keys are set
 * @param allowLoopbackHttp whether a connection's base URL may be plain {@code http} to a loopback
 * host ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}), as a sandbox on the same machine is;
 * loopback addresses are then allowed targets too (default false: https only)
 * @param allowedInternalTargets internal addresses stored connections may reach nevertheless:
 * CIDR blocks ({@code 10.20.0.0/16}, {@code fd12::/16}), single addresses, or host names (then
 * whatever the name resolves to); by default (empty) a connection whose base URL's host is, or
 * resolves to, a loopback, private, link-local, unique-local, carrier-grade NAT, multicast,
 * unspecified or reserved address is refused when created or when its base URL is changed, and
 * its triggers and status reads are refused before they are sent (its campaigns pause). Cloud
 * metadata addresses ({@code 169.254.169.254}, {@code fd00:ec2::254}) are refused even when
 * allowed here. The default connection ({@code orchestrator.provider.*}) is not checked. See
 * {@code docs/security.md} (default empty)
 */
@ConfigurationProperties("orchestrator.connections")
public record ConnectionSettings(@Nullable Map<String, String> encryptionKeys, @Nullable String activeKey,
		@DefaultValue("false") boolean allowLoopbackHttp, @DefaultValue List<String> allowedInternalTargets) {

	static final String PREFIX = "orchestrator.connections.";

	/** The shape of a key id. */
	static final String KEY_ID = "[A-Za-z0-9._-]{1,64}";

	public ConnectionSettings {
		encryptionKeys = encryptionKeys == null ? Map.of() : Map.copyOf(encryptionKeys);
		for (Map.Entry<String, String> key : encryptionKeys.entrySet()) {
			if (!key.getKey().matches(KEY_ID)) {
				throw new InvalidConnectionSetting(PREFIX + "encryption-keys",
						"has a key id that is not 1 to 64 letters, digits, '.', '_' or '-'");
			}
			if (decode(key.getValue()) == null) {
				throw new InvalidConnectionSetting(PREFIX + "encryption-keys." + key.getKey(),
						"must be 32 bytes in base64 (an AES-256 key, e.g. from 'openssl rand -base64 32')");
			}
		}
		if (activeKey != null && activeKey.isBlank()) {
			activeKey = null;
		}
		if (activeKey == null && !encryptionKeys.isEmpty()) {
			throw new InvalidConnectionSetting(PREFIX + "active-key",
					"must name the key new credentials are encrypted with, one of " + encryptionKeys.keySet());
		}
		if (activeKey != null && !encryptionKeys.containsKey(activeKey)) {
			throw new InvalidConnectionSetting(PREFIX + "active-key",
					"names a key that is not in " + PREFIX + "encryption-keys (known: " + encryptionKeys.keySet() + ")");
		}
		allowedInternalTargets = allowedInternalTargets == null ? List.of() : List.copyOf(allowedInternalTargets);
		try {
			new TargetCheck(HostResolver.SYSTEM, allowedInternalTargets);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConnectionSetting(PREFIX + "allowed-internal-targets", ex.getMessage());
		}
	}

	/** Whether connections can be stored: an active key is set. */
	public boolean configured() {
		return activeKey != null;
	}

	/**
	 * The internal targets stored connections may reach: {@code allowed-internal-targets}, and
	 * loopback ({@code 127.0.0.0/8}, {@code ::1}) when {@code allow-loopback-http} is on.
	 */
	public List<String> internalTargets() {
		List<String> targets = new ArrayList<>(allowedInternalTargets);
		if (allowLoopbackHttp) {
			targets.addAll(List.of("127.0.0.0/8", "::1"));
		}
		return List.copyOf(targets);
	}

	/** The keys, decoded, by id. */
	public Map<String, byte[]> keys() {
		Map<String, byte[]> keys = new LinkedHashMap<>();
		encryptionKeys().forEach((id, value) -> keys.put(id, decode(value)));
		return keys;
	}

	@Override
	public Map<String, String> encryptionKeys() {
		return encryptionKeys == null ? Map.of() : encryptionKeys;
	}

	/** Names the key ids only: the keys are secrets. */
	@Override
	public String toString() {
		return "ConnectionSettings[encryptionKeys=" + encryptionKeys().keySet() + ", activeKey=" + activeKey
				+ ", allowLoopbackHttp=" + allowLoopbackHttp + ", allowedInternalTargets=" + allowedInternalTargets + "]";
	}

	private static byte @Nullable [] decode(@Nullable String base64) {
		if (base64 == null) {
			return null;
		}
		try {
			byte[] key = Base64.getDecoder().decode(base64.strip());
			return key.length == 32 ? key : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/** A connection setting that cannot work, with the property's name and the reason (never the key). */
	public static final class InvalidConnectionSetting extends IllegalArgumentException {

		private final String property;

		private final String reason;

		InvalidConnectionSetting(String property, String reason) {
			super(property + " " + reason);
			this.property = property;
			this.reason = reason;
		}

		public String property() {
			return property;
		}

		public String reason() {
			return reason;
		}

	}

}
