package dev.campaigns.orchestrator.connection.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import dev.campaigns.orchestrator.connection.ConnectionDraft;
import dev.campaigns.orchestrator.connection.ConnectionRefused;
import dev.campaigns.orchestrator.connection.ConnectionSettings;
import dev.campaigns.orchestrator.connection.InvalidConnection;
import dev.campaigns.orchestrator.connection.ProviderConnection;
import dev.campaigns.orchestrator.connection.ProviderConnections;
import dev.campaigns.orchestrator.connection.internal.ConnectionStore.Row;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@link ProviderConnections} in PostgreSQL, credentials sealed by {@link CredentialCipher}.
 * Logs ids and names, never a credential.
 */
@Service
class JdbcProviderConnections implements ProviderConnections {

	private static final Logger log = LoggerFactory.getLogger(JdbcProviderConnections.class);

	private final ConnectionStore store;

	private final CredentialCipher cipher;

	private final ConnectionSettings settings;

	private final Clock clock;

	JdbcProviderConnections(ConnectionStore store, ConnectionSettings settings, Clock clock) {
		this.store = store;
		this.cipher = new CredentialCipher(settings);
		this.settings = settings;
		this.clock = clock;
	}

	@Override
	public List<ProviderConnection> list(String tenant) {
		return store.list(tenant, LARGEST_LISTING).stream().map(this::view).toList();
	}

	@Override
	public Optional<ProviderConnection> find(String tenant, UUID id) {
		return store.find(tenant, id, false).map(this::view);
	}

	@Override
	@Transactional
	public ProviderConnection create(String tenant, ConnectionDraft draft) {
		check(draft, true);
		requireKey();
		UUID id = UUID.randomUUID();
		Instant now = now();
		ConnectionDraft fields = trimmed(draft);
		refuseTakenName(tenant, fields.name(), null);
		Row row = new Row(id, fields, cipher.seal(id, draft.credential()), now, now);
		insertOrRefuse(() -> store.insert(tenant, row), fields.name());
		log.info("Provider connection {} ('{}', {}) created for tenant {}", id, fields.name(), fields.dialect(), tenant);
		return view(row);
	}

	@Override
	@Transactional
	public Optional<ProviderConnection> update(String tenant, UUID id, UnaryOperator<ConnectionDraft> change) {
		Optional<Row> current = store.find(tenant, id, true);
		if (current.isEmpty()) {
			return Optional.empty();
		}
		ConnectionDraft draft = change.apply(current.get().fields());
		check(draft, false);
		ConnectionDraft fields = trimmed(draft);
		refuseTakenName(tenant, fields.name(), id);
		CredentialCipher.Sealed credential = current.get().credential();
		if (draft.credential() != null) {
			requireKey();
			credential = cipher.seal(id, draft.credential());
		}
		Row row = new Row(id, fields, credential, current.get().createdAt(), now());
		insertOrRefuse(() -> store.update(tenant, row), fields.name());
		log.info("Provider connection {} ('{}') updated for tenant {}{}", id, fields.name(), tenant,
				draft.credential() != null ? ", with a new credential under key " + credential.keyId() : "");
		return Optional.of(view(row));
	}

	@Override
	@Transactional
	public boolean disable(String tenant, UUID id) {
		return update(tenant, id, fields -> fields.withEnabled(false)).isPresent();
	}

	@Override
	@Transactional
	public boolean delete(String tenant, UUID id) {
		Optional<Row> current = store.find(tenant, id, true);
		if (current.isEmpty()) {
			return false;
		}
		if (store.inUse(id)) {
			throw new ConnectionRefused(ConnectionRefused.Reason.IN_USE, "Provider connection " + id + " is in use: a"
					+ " campaign on it is not finished, or a call on it is still followed. Disable it instead.");
		}
		boolean deleted = store.delete(tenant, id, now());
		if (deleted) {
			log.info("Provider connection {} deleted for tenant {}", id, tenant);
		}
		return deleted;
	}

	@Override
	public Optional<String> credential(String tenant, UUID id) {
		return store.find(tenant, id, false).map(row -> cipher.open(id, row.credential()));
	}

	private void check(ConnectionDraft draft, boolean create) {
		List<ConnectionDraft.FieldViolation> violations = draft.violations(create, settings.allowLoopbackHttp());
		if (!violations.isEmpty()) {
			throw new InvalidConnection(violations);
		}
	}

	private void requireKey() {
		if (!cipher.configured()) {
			throw new ConnectionRefused(ConnectionRefused.Reason.NOT_CONFIGURED, "No encryption key is configured"
					+ " for connection credentials: set orchestrator.connections.encryption-keys and active-key.");
		}
	}

	private void refuseTakenName(String tenant, String name, @Nullable UUID except) {
		if (store.nameTaken(tenant, name, except)) {
			throw nameTaken(name);
		}
	}

	/** A name taken by a concurrent create answers as one taken before. */
	private static void insertOrRefuse(Runnable write, String name) {
		try {
			write.run();
		}
		catch (DuplicateKeyException ex) {
			throw nameTaken(name);
		}
	}

	private static ConnectionRefused nameTaken(String name) {
		return new ConnectionRefused(ConnectionRefused.Reason.NAME_TAKEN,
				"Another provider connection of the tenant is named '" + name + "'.");
	}

	private static ConnectionDraft trimmed(ConnectionDraft draft) {
		return new ConnectionDraft(draft.name().strip(), draft.dialect(), draft.baseUrl().strip(), null,
				strip(draft.agentId()), strip(draft.accountId()), strip(draft.projectId()), strip(draft.environment()),
				draft.callsPerSecond(), draft.burst(), draft.maxConcurrentCalls(), draft.statusRequestsPerSecond(),
				draft.enabled(), draft.statusMapping());
	}

	private static @Nullable String strip(@Nullable String value) {
		return value == null ? null : value.strip();
	}

	private Instant now() {
		return clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	private ProviderConnection view(Row row) {
		ConnectionDraft f = row.fields();
		return new ProviderConnection(row.id(), f.name(), f.dialect(), f.baseUrl(), f.agentId(), f.accountId(),
				f.projectId(), f.environment(), f.callsPerSecond(), f.burst(), f.maxConcurrentCalls(),
				f.statusRequestsPerSecond(), f.enabled(), row.credential().keyId(),
				cipher.canRead(row.credential().keyId()), row.createdAt(), row.updatedAt(), f.statusMapping());
	}

}
