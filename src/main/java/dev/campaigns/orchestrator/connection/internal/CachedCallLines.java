package dev.campaigns.orchestrator.connection.internal;

import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.campaigns.orchestrator.connection.CallLines;
import dev.campaigns.orchestrator.connection.ConnectionDraft;
import dev.campaigns.orchestrator.connection.Line;
import dev.campaigns.orchestrator.connection.UnreadableCredential;
import dev.campaigns.orchestrator.net.TargetCheck;
import dev.campaigns.orchestrator.provider.OutboundCalls;
import dev.campaigns.orchestrator.provider.OutboundCallsFactory;
import dev.campaigns.orchestrator.provider.ProviderEndpoint;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CallLines} kept in memory, one port per stored connection at the newest version seen:
 * a caller that read a later version opens it again from the database (and decrypts its
 * credential) once; every other call reuses it. A stored connection's port checks its host
 * with {@code targets} before each request; the default connection's is the operator's and is
 * not checked. Logs ids and versions, never a credential.
 */
class CachedCallLines implements CallLines {

	private static final Logger log = LoggerFactory.getLogger(CachedCallLines.class);

	private final Line defaultLine;

	private final ConnectionStore store;

	private final CredentialCipher cipher;

	private final OutboundCallsFactory factory;

	private final TargetCheck targets;

	private final Map<UUID, Line> lines = new ConcurrentHashMap<>();

	CachedCallLines(OutboundCalls defaultCalls, ConnectionStore store, CredentialCipher cipher,
			OutboundCallsFactory factory, TargetCheck targets) {
		this.defaultLine = new Line(Line.DEFAULT, null, 0, defaultCalls, null, null, null, null);
		this.store = store;
		this.cipher = cipher;
		this.factory = factory;
		this.targets = targets;
	}

	@Override
	public Line line(@Nullable UUID connection, long version) {
		if (connection == null) {
			return defaultLine;
		}
		Line known = lines.get(connection);
		if (known != null && known.version() >= version) {
			return known;
		}
		return lines.compute(connection, (id, current) -> current != null && current.version() >= version ? current
				: open(id));
	}

	private Line open(UUID id) {
		ConnectionStore.Stored stored = store.stored(id)
			.orElseThrow(() -> new NoSuchElementException("no provider connection " + id));
		if (stored.deleted()) {
			throw new UnreadableCredential(id, "it was deleted, and its credential with it");
		}
		ConnectionDraft fields = stored.row().fields();
		String credential = cipher.open(id, stored.row().credential());
		ProviderEndpoint endpoint = new ProviderEndpoint(ConnectionDraft.dialectOf(fields.dialect()),
				fields.baseUrl(), credential, fields.agentId(), fields.accountId(), fields.projectId(),
				fields.environment(), fields.statusMapping());
		String key = Line.keyOf(id);
		log.info("Opened provider connection {} at version {} ({}, {})", id, stored.version(), fields.dialect(),
				fields.baseUrl());
		return new Line(key, id, stored.version(), factory.open(key, endpoint, targets), fields.callsPerSecond(),
				fields.burst(), fields.maxConcurrentCalls(), fields.statusRequestsPerSecond());
	}

}
