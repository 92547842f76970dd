package dev.campaigns.orchestrator.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.campaigns.orchestrator.campaign.CampaignId;
import dev.campaigns.orchestrator.campaign.CampaignStatus;
import dev.campaigns.orchestrator.campaign.Detection;
import dev.campaigns.orchestrator.campaign.RecipientOutcome;
import dev.campaigns.orchestrator.campaign.RecipientState;
import dev.campaigns.orchestrator.connection.ConnectionRef;
import dev.campaigns.orchestrator.connection.ConnectionRefs;
import dev.campaigns.orchestrator.report.CampaignReport.ConnectionCalls;
import dev.campaigns.orchestrator.report.CampaignReport.Counts;
import dev.campaigns.orchestrator.report.CampaignReport.DispositionCount;
import dev.campaigns.orchestrator.report.CampaignReport.Estimate;
import dev.campaigns.orchestrator.report.CampaignReport.HourlyCalls;
import dev.campaigns.orchestrator.report.CampaignReport.TimeToCompletion;
import dev.campaigns.orchestrator.report.internal.ReportStore.CampaignRow;
import dev.campaigns.orchestrator.report.internal.ReportStore.ConnectionStatusCount;
import dev.campaigns.orchestrator.report.internal.ReportStore.TallyRow;
import dev.campaigns.orchestrator.report.internal.ReportStore;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/** Campaign reports, always within one tenant. Six small reads, no writes. */
@Service
public class CampaignReports implements DisposableBean {

	/** How far back {@link CampaignReport#callsPerHour()} looks. */
	static final Duration CALLS_PER_HOUR_WINDOW = Duration.ofHours(48);

	/** How many dispositions {@link CampaignReport#byDisposition()} lists. */
	public static final int TOP_DISPOSITIONS = 10;

	private static final Comparator<ConnectionCalls> DEFAULT_FIRST_THEN_BY_NAME = Comparator.comparing(
			ConnectionCalls::connection,
			Comparator.nullsFirst(Comparator.comparing(ConnectionRef::name).thenComparing(ConnectionRef::id)));

	private final ReportStore store;

	private final Clock clock;

	/**
	 * Runs the calls-per-hour and by-connection queries beside the recipient tally, each on its
	 * own connection, so a report costs the slowest of them rather than their sum (bench/run report).
	 */
	private final ExecutorService beside = Executors.newFixedThreadPool(4, runnable -> {
		Thread thread = new Thread(runnable, "report-query");
		thread.setDaemon(true);
		return thread;
	});

	private final ConnectionRefs connections;

	CampaignReports(ReportStore store, ConnectionRefs connections, Clock clock) {
		this.store = store;
		this.connections = connections;
		this.clock = clock;
	}

	@Override
	public void destroy() {
		beside.shutdownNow();
	}

	/** The report of the tenant's campaign, or empty when the tenant has no such campaign. */
	public Optional<CampaignReport> of(CampaignId id, String tenant) {
		Instant now = clock.instant();
		return store.campaign(id.value(), tenant).map(campaign -> report(campaign, now));
	}

	private CampaignReport report(CampaignRow campaign, Instant now) {
		CompletableFuture<List<HourlyCalls>> perHourQuery = CompletableFuture.supplyAsync(
				() -> store.callsPerHour(campaign.id(), now.minus(CALLS_PER_HOUR_WINDOW))
					.stream()
					.map(bucket -> new HourlyCalls(bucket.start(), bucket.calls()))
					.toList(),
				beside);
		CompletableFuture<List<ConnectionCalls>> byConnectionQuery = CompletableFuture
			.supplyAsync(() -> byConnection(store.byConnection(campaign.id())), beside);
		CompletableFuture<Reported> reportedQuery = CompletableFuture.supplyAsync(() -> reported(campaign.id()), beside);
		List<TallyRow> tally = store.tally(campaign.id());
		long pending = 0;
		long dialing = 0;
		long inCall = 0;
		long done = 0;
		long reached = 0;
		Map<RecipientOutcome, Long> byOutcome = new EnumMap<>(RecipientOutcome.class);
		for (RecipientOutcome outcome : RecipientOutcome.values()) {
			byOutcome.put(outcome, 0L);
		}
		Map<Integer, Long> attempts = new TreeMap<>();
		for (TallyRow row : tally) {
			long n = row.recipients();
			switch (row.state()) {
				case PENDING -> pending += n;
				case DIALING -> dialing += n;
				case IN_CALL -> inCall += n;
				case DONE -> done += n;
			}
			if (row.outcome() != null) {
				byOutcome.merge(row.outcome(), n, Long::sum);
			}
			attempts.merge(row.attempts(), n, Long::sum);
			if (finishedAttempts(row.state(), row.attempts()) > 0) {
				reached += n;
			}
		}
		long connected = byOutcome.get(RecipientOutcome.COMPLETED);
		Double connectRate = reached == 0 ? null : (double) connected / reached;
		long expired = byOutcome.get(RecipientOutcome.EXPIRED) + byOutcome.get(RecipientOutcome.STATUS_EXPIRED);
		List<HourlyCalls> perHour = perHourQuery.join();
		List<ConnectionCalls> byConnection = byConnectionQuery.join();
		Reported reported = reportedQuery.join();
		TimeToCompletion completion = null;
		if (campaign.completedAt() != null) {
			Duration took = Duration.between(campaign.createdAt(), campaign.completedAt());
			completion = new TimeToCompletion(took.toString(), took.toSeconds());
		}
		return new CampaignReport(campaign.id().toString(), campaign.name(), campaign.status(), now,
				new Counts(pending + dialing + inCall + done, pending, dialing, inCall, done, byOutcome), attempts,
				reached, connected, connectRate, byOutcome.get(RecipientOutcome.TRIGGER_UNKNOWN), expired, perHour,
				byConnection, reported.byDetection(), reported.byDisposition(), completion,
				estimate(campaign, pending, now));
	}

	/** What the agents reported of the campaign's calls. */
	private record Reported(Map<Detection, Long> byDetection, List<DispositionCount> byDisposition) {
	}

	private Reported reported(UUID campaign) {
		Map<Detection, Long> byDetection = new EnumMap<>(Detection.class);
		for (Detection detection : Detection.values()) {
			byDetection.put(detection, 0L);
		}
		store.byDetection(campaign)
			.forEach(count -> byDetection.put(Detection.valueOf(count.value()), count.calls()));
		List<DispositionCount> byDisposition = store.byDisposition(campaign, TOP_DISPOSITIONS)
			.stream()
			.map(count -> new DispositionCount(count.value(), count.calls()))
			.toList();
		return new Reported(byDetection, byDisposition);
	}

	/** {@link ConnectionCalls} from the counts by connection and status: the default first, then by name. */
	private List<ConnectionCalls> byConnection(List<ConnectionStatusCount> counts) {
		Map<UUID, ConnectionRef> refs = connections
			.find(counts.stream().map(ConnectionStatusCount::connection).toList());
		Map<Optional<UUID>, Map<String, Long>> byStatus = new LinkedHashMap<>();
		for (ConnectionStatusCount count : counts) {
			byStatus.computeIfAbsent(Optional.ofNullable(count.connection()), connection -> new TreeMap<>())
				.merge(count.status(), count.calls(), Long::sum);
		}
		return byStatus.entrySet()
			.stream()
			.map(entry -> new ConnectionCalls(entry.getKey().map(refs::get).orElse(null),
					entry.getValue().values().stream().mapToLong(Long::longValue).sum(), entry.getValue()))
			.sorted(DEFAULT_FIRST_THEN_BY_NAME)
			.toList();
	}

	/**
	 * How many of a recipient's attempts have ended. The dispatcher counts an attempt when it
	 * claims the recipient (DIALING), so a recipient dialling or in a call has one attempt
	 * under way; pending or done, all its attempts have ended.
	 */
	static int finishedAttempts(RecipientState state, int attempts) {
		return switch (state) {
			case DIALING, IN_CALL -> Math.max(0, attempts - 1);
			case PENDING, DONE -> attempts;
		};
	}

	/** {@link Estimate}: pending / callsPerMinute from now or the start, whichever is later. */
	static @Nullable Estimate estimate(CampaignRow campaign, long pending, Instant now) {
		if (pending == 0
				|| (campaign.status() != CampaignStatus.RUNNING && campaign.status() != CampaignStatus.SCHEDULED)) {
			return null;
		}
		Instant from = campaign.startAt() != null && campaign.startAt().isAfter(now) ? campaign.startAt() : now;
		long seconds = (pending * 60 + campaign.callsPerMinute() - 1) / campaign.callsPerMinute();
		return new Estimate(from.plusSeconds(seconds), pending, campaign.callsPerMinute(),
				"pending recipients / callsPerMinute from now or the start; calling windows, retries and the global"
						+ " rate are not included, so this is the earliest possible finish");
	}

}
