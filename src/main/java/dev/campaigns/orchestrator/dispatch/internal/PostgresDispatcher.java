package dev.campaigns.orchestrator.dispatch.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.campaigns.orchestrator.campaign.CampaignId;
import dev.campaigns.orchestrator.campaign.CampaignLifecycle;
import dev.campaigns.orchestrator.campaign.LifecycleAction;
import dev.campaigns.orchestrator.campaign.CampaignSettingsReader;
import dev.campaigns.orchestrator.compliance.CallingHourFloor;
import dev.campaigns.orchestrator.compliance.CallingHourFloors;
import dev.campaigns.orchestrator.compliance.ComplianceSettings;
import dev.campaigns.orchestrator.compliance.Suppressions;
import dev.campaigns.orchestrator.dispatch.DispatchSettings;
import dev.campaigns.orchestrator.dispatch.RateBuckets;
import dev.campaigns.orchestrator.dispatch.Dispatcher;
import dev.campaigns.orchestrator.provider.CallRequest;
import dev.campaigns.orchestrator.provider.OutboundCalls;
import dev.campaigns.orchestrator.provider.ProviderSettings;
import dev.campaigns.orchestrator.provider.TriggerResult;
import dev.campaigns.orchestrator.schedule.CallTimes;
import dev.campaigns.orchestrator.schedule.CallingWindow;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * The dispatcher over PostgreSQL. Budgets come from shared token buckets (global and per
 * campaign) and concurrency counts, shared fairly between campaigns; claims and their
 * attempt rows commit before any request; a trigger is sent only while this replica's lease
 * on the recipient has {@code leaseMargin} to run.
 */
public class PostgresDispatcher implements Dispatcher {

	private static final Logger log = LoggerFactory.getLogger(PostgresDispatcher.class);

	private static final String GLOBAL = "global";

	private final DispatchStore store;

	private final RateBuckets buckets;

	private final OutboundCalls calls;

	private final CampaignLifecycle lifecycle;

	private final CampaignSettingsReader settingsReader;

	private final TransactionTemplate transactions;

	private final DispatchSettings settings;

	private final ProviderSettings provider;

	private final ExecutorService triggers;

	private final MeterRegistry meters;

	private final String replica;

	private final Clock clock;

	private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

	private final Suppressions suppressions;

	private final ComplianceSettings compliance;

	public PostgresDispatcher(DispatchStore store, RateBuckets buckets, OutboundCalls calls,
			CampaignLifecycle lifecycle, CampaignSettingsReader settingsReader, TransactionTemplate transactions,
			DispatchSettings settings, ProviderSettings provider, ExecutorService triggers, MeterRegistry meters,
			String replica, Clock clock, Suppressions suppressions, ComplianceSettings compliance) {
		this.store = store;
		this.buckets = buckets;
		this.calls = calls;
		this.lifecycle = lifecycle;
		this.settingsReader = settingsReader;
		this.transactions = transactions;
		this.settings = settings;
		this.provider = provider;
		this.triggers = triggers;
		this.meters = meters;
		this.replica = replica;
		this.clock = clock;
		this.suppressions = suppressions;
		this.compliance = compliance;
	}

	public String replica() {
		return replica;
	}

	@Override
	public DispatchRound dispatchDue(Instant now) {
		store.takeOverExpiredLeases(now);
		store.startScheduledCampaigns(now);
		List<DispatchStore.DueCampaign> due = new ArrayList<>(store.dueCampaigns(now));
		if (due.isEmpty()) {
			return DispatchRound.NOTHING;
		}
		int globalRoom = Math.max(0, settings.maxConcurrentCalls() - store.activeCalls());
		int wanted = Math.min(globalRoom, settings.batchSize() * due.size());
		int granted = buckets.take(GLOBAL, wanted, settings.callsPerSecond(), settings.effectiveBurst(),
				settings.rateRecoveryPerSecond(), now);
		if (granted == 0) {
			return DispatchRound.NOTHING;
		}
		// fair shares: every campaign with work gets an equal part of the global budget, and what a
		// small campaign cannot use goes to the others (water-filling in a random order)
		Collections.shuffle(due);
		DispatchRound total = DispatchRound.NOTHING;
		int left = granted;
		for (int i = 0; i < due.size() && left > 0; i++) {
			DispatchStore.DueCampaign campaign = due.get(i);
			int share = (int) Math.ceil((double) left / (due.size() - i));
			DispatchRound round = dispatchCampaign(campaign, Math.min(share, settings.batchSize()), now);
			left -= round.claimed();
			total = add(total, round);
		}
		buckets.giveBack(GLOBAL, left, settings.effectiveBurst());
		return total;
	}

	private DispatchRound dispatchCampaign(DispatchStore.DueCampaign campaign, int share, Instant now) {
		int room = Math.max(0, campaign.maxConcurrentCalls() - campaign.active());
		double perSecond = campaign.callsPerMinute() / 60.0;
		double capacity = Math.max(1, perSecond);
		String bucket = "campaign:" + campaign.id();
		int tokens = buckets.take(bucket, Math.min(share, room), perSecond, capacity, 1.0, now);
		if (tokens == 0) {
			return DispatchRound.NOTHING;
		}
		Instant leaseUntil = now.plus(settings.lease());
		List<DispatchStore.Claimed> claimed = transactions
			.execute(tx -> store.claim(campaign.id(), tokens, replica, now, leaseUntil));
		buckets.giveBack(bucket, tokens - claimed.size(), capacity);
		if (claimed.isEmpty()) {
			return DispatchRound.NOTHING;
		}
		// a number suppressed since it was planned is not dialled (one query per batch)
		var suppressed = suppressions.suppressedAmong(campaign.tenant(),
				claimed.stream().map(DispatchStore.Claimed::phoneNumber).toList());
		CallingWindow window = settingsReader.window(campaign.callingWindow());
		var options = settingsReader.callOptions(campaign.callOptions());
		List<CompletableFuture<Outcome>> sent = new ArrayList<>(claimed.size());
		int putBack = 0;
		for (DispatchStore.Claimed recipient : claimed) {
			if (suppressed.contains(recipient.phoneNumber())) {
				store.suppressed(recipient, now);
				putBack++;
				continue;
			}
			List<CallingHourFloor> floors = floors(recipient.phoneNumber());
			List<CallingWindow> windows = windows(window, floors);
			List<ZoneId> zones = recipient.zones().stream().map(ZoneId::of).toList();
			Instant capFreesAt = capFreesAt(campaign.tenant(), recipient, floors, now);
			if (capFreesAt != null) {
				// the number reached its cap of calls in the rolling window, across this tenant's campaigns
				store.notPlaced(recipient, CallTimes
					.nextEligibleAt(windows, zones, capFreesAt, recipient.notBefore(), recipient.deadline())
					.orElse(null), now);
				putBack++;
				continue;
			}
			if (!CallTimes.isOpen(windows, zones, now)
					|| (recipient.deadline() != null && !now.isBefore(recipient.deadline()))) {
				// the window closed (or the deadline passed) since the recipient was planned: not dialled
				store.notPlaced(recipient, CallTimes
					.nextEligibleAt(windows, zones, now, recipient.notBefore(), recipient.deadline())
					.orElse(null), now);
				putBack++;
				continue;
			}
			CallRequest request = new CallRequest(recipient.phoneNumber(), null, recipient.metadata(),
					options.environment(), options.variantId(), options.encryption());
			sent.add(CompletableFuture.supplyAsync(() -> trigger(recipient, request, leaseUntil), triggers));
		}
		List<DispatchStore.Accepted> accepted = new ArrayList<>();
		int finished = 0;
		int unknown = 0;
		boolean configurationRejected = false;
		for (CompletableFuture<Outcome> future : sent) {
			Outcome outcome = future.join();
			TriggerResult result = outcome.result();
			DispatchStore.Claimed recipient = outcome.recipient();
			if (result instanceof TriggerResult.Accepted ok) {
				accepted.add(new DispatchStore.Accepted(recipient.attemptId(), ok.callSid(), ok.status().name(),
						ok.rawStatus()));
			}
			else if (result instanceof TriggerResult.Rejected rejected) {
				store.finished(recipient, "FAILED", "INVALID", rejected.reason(), now);
				finished++;
			}
			else if (result instanceof TriggerResult.OutcomeUnknown lost) {
				store.finished(recipient, "TRIGGER_UNKNOWN", "TRIGGER_UNKNOWN", lost.reason(), now);
				meters.counter("orchestrator.dispatch.trigger.unknown").increment();
				unknown++;
			}
			else if (result instanceof TriggerResult.Throttled throttled) {
				buckets.throttle(GLOBAL, throttled.retryAfter(), now);
				store.notPlaced(recipient, now.plus(throttled.retryAfter()), now);
				putBack++;
			}
			else if (result instanceof TriggerResult.ConfigurationRejected rejected) {
				store.notPlaced(recipient, now, now);
				putBack++;
				if (!configurationRejected) {
					configurationRejected = true;
					log.error("The provider rejected our configuration ({}); pausing campaign {}", rejected.reason(),
							campaign.id());
					lifecycle.apply(new CampaignId(campaign.id()), campaign.tenant(), LifecycleAction.PAUSE,
							"provider configuration rejected: " + rejected.reason());
				}
			}
			else if (result instanceof TriggerResult.Unavailable unavailable) {
				store.notPlaced(recipient, now.plus(settings.unavailableBackoff()), now);
				putBack++;
			}
			else if (result == null) {
				store.notPlaced(recipient, now, now);
				putBack++;
			}
		}
		// the status module plans the polls; the first is due at once, and the retention deadline is
		// a safe bound until the call's end is seen
		store.accepted(accepted, now, now, now.plus(provider.statusRetention()));
		meters.counter("orchestrator.dispatch.triggers.accepted").increment(accepted.size());
		return new DispatchRound(claimed.size(), accepted.size(), putBack, finished, unknown);
	}

	private Outcome trigger(DispatchStore.Claimed recipient, CallRequest request, Instant leaseUntil) {
		// a trigger (with its retries) must end before the lease could be taken over
		if (clock.instant().plus(settings.leaseMargin()).isAfter(leaseUntil)) {
			return new Outcome(recipient, null);
		}
		return new Outcome(recipient, calls.trigger(request));
	}

	private List<CallingHourFloor> floors(String phoneNumber) {
		try {
			return CallingHourFloors.forNumber(phones.parse(phoneNumber, "ZZ"));
		}
		catch (NumberParseException ex) {
			return List.of();
		}
	}

	private static List<CallingWindow> windows(CallingWindow campaignWindow, List<CallingHourFloor> floors) {
		List<CallingWindow> windows = new ArrayList<>(1 + floors.size());
		windows.add(campaignWindow);
		windows.addAll(CallingHourFloors.windows(floors));
		return windows;
	}

	/**
	 * When the number may be called again under its attempt cap (the configured one, or a
	 * regional floor's), or null when it may be called now. Costs a query only for capped numbers.
	 */
	private @Nullable Instant capFreesAt(String tenant, DispatchStore.Claimed recipient, List<CallingHourFloor> floors,
			Instant now) {
		Integer cap = compliance.maxAttemptsPerNumber();
		for (CallingHourFloor floor : floors) {
			if (floor.maxAttemptsPer24Hours() != null && (cap == null || floor.maxAttemptsPer24Hours() < cap)) {
				cap = floor.maxAttemptsPer24Hours();
			}
		}
		if (cap == null) {
			return null;
		}
		Duration window = compliance.attemptWindow();
		List<Instant> recent = store.attemptsOfNumber(tenant, recipient.phoneNumber(), now.minus(window),
				recipient.attemptId());
		return recent.size() < cap ? null : recent.get(recent.size() - cap).plus(window);
	}

	private static DispatchRound add(DispatchRound a, DispatchRound b) {
		return new DispatchRound(a.claimed() + b.claimed(), a.accepted() + b.accepted(), a.putBack() + b.putBack(),
				a.finished() + b.finished(), a.unknown() + b.unknown());
	}

	/** A recipient and its provider answer; no answer when the lease was too short to send. */
	private record Outcome(DispatchStore.Claimed recipient, @Nullable TriggerResult result) {
	}

}
