package dev.campaigns.orchestrator.connection.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
import dev.campaigns.orchestrator.net.TargetCheck;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@link ProviderConnections} in PostgreSQL, credentials sealed by {@link CredentialCipher}.
 * A base URL, when given or changed, must reach a public address or an allowed internal one
 * ({@link TargetCheck}); its port checks it again before each request. Logs ids and names,
 * never a credential.
 */
@Service
class JdbcProviderConnections implements ProviderConnections {

	private static final Logger log = LoggerFactory.getLogger(JdbcProviderConnections.class);

	private final ConnectionStore store;

	private final CredentialCipher cipher;

	private final ConnectionSettings settings;

	private final TargetCheck targets;

	private final Clock clock;

	JdbcProviderConnections(ConnectionStore store, ConnectionSettings settings,
			@Qualifier("connectionTargets") TargetCheck targets, Clock clock) {
		this.store = store;
		this.cipher = new CredentialCipher(settings);
		this.settings = settings;
		this.targets = targets;
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
		check(draft, true, null);
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
		check(draft, false, current.get().fields().baseUrl());
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

	/**
	 * Refuses a draft that breaks a rule, or whose new base URL reaches an internal address that
	 * is not allowed; an unchanged base URL is not looked up again (so a connection whose host now
	 * resolves internally can still be disabled or renamed; its port refuses its requests).
	 */
	private void check(ConnectionDraft draft, boolean create, @Nullable String storedBaseUrl) {
		List<ConnectionDraft.FieldViolation> violations = new ArrayList<>(
				draft.violations(create, settings.allowLoopbackHttp()));
		boolean urlValid = violations.stream().noneMatch(violation -> violation.field().equals("baseUrl"));
		if (urlValid && !draft.baseUrl().strip().equals(storedBaseUrl)) {
			String refusal = targets.refusal(draft.baseUrl().strip());
			if (refusal != null) {
				violations.add(new ConnectionDraft.FieldViolation("baseUrl", refusal));
			}
		}
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
