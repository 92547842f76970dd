package dev.campaigns.orchestrator.dispatch.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import dev.campaigns.orchestrator.campaign.CampaignSettingsReader;
import dev.campaigns.orchestrator.connection.CallLines;
import dev.campaigns.orchestrator.connection.Line;
import dev.campaigns.orchestrator.dispatch.DispatchSettings;
import dev.campaigns.orchestrator.dispatch.Dispatcher;
import dev.campaigns.orchestrator.dispatch.internal.ClaimStore.Claimed;
import dev.campaigns.orchestrator.dispatch.internal.ClaimStore.DueCampaign;
import dev.campaigns.orchestrator.provider.CallRequest;
import dev.campaigns.orchestrator.ratelimit.Pace;
import dev.campaigns.orchestrator.ratelimit.RateLimits;
import dev.campaigns.orchestrator.ratelimit.Slots;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * A dispatch round: finds the campaigns with work due within the lookahead and, connection by
 * connection, shares that connection's budget between its campaigns ({@link FairShares}),
 * claims their recipients with the attempt rows (committed before any request), checks them
 * ({@link CheckedClaims}), reserves a send instant for each callable one from the connection's
 * and the campaign's budgets ({@link RateLimits}, {@link ConnectionBudget}), and hands them to
 * the {@link TriggerSender}. Claimed recipients that got no instant, or may not be called, are
 * put back unsent. A connection that cannot be used costs only its own campaigns.
 */
public class RoundDispatcher implements Dispatcher {

	/** The most recipients one round claims. */
	static final int MAX_CLAIM = 1000;

	private static final String CAMPAIGN = "campaign:";

	/** How soon a round comes back while the in-flight cap is reached. */
	private static final Duration ANSWER_CHECK = Duration.ofMillis(5);

	private final ClaimStore claims;

	private final AttemptStore attempts;

	private final CheckedClaims checks;

	private final RateLimits rateLimits;

	private final TriggerSender sender;

	private final ConnectionGroups groups;

	private final AnswerRecorder recorder;

	private final SendGate gate;

	private final CampaignSettingsReader settingsReader;

	private final TransactionTemplate transactions;

	private final DispatchSettings settings;

	private final Clock clock;

	private final String replica;

	private final PaceBook paces = new PaceBook();

	/** When each campaign with work due was last served. */
	private final Map<UUID, Instant> lastServed = new ConcurrentHashMap<>();

	private volatile @Nullable Instant nextRoundAt;

	RoundDispatcher(ClaimStore claims, AttemptStore attempts, CheckedClaims checks, RateLimits rateLimits,
			TriggerSender sender, CallLines lines, AnswerRecorder recorder, SendGate gate,
			CampaignSettingsReader settingsReader, TransactionTemplate transactions, DispatchSettings settings,
			Clock clock, String replica) {
		this.claims = claims;
		this.attempts = attempts;
		this.checks = checks;
		this.rateLimits = rateLimits;
		this.sender = sender;
		this.groups = new ConnectionGroups(lines, clock);
		this.recorder = recorder;
		this.gate = gate;
		this.settingsReader = settingsReader;
		this.transactions = transactions;
		this.settings = settings;
		this.clock = clock;
		this.replica = replica;
	}

	public String replica() {
		return replica;
	}

	@Override
	public DispatchRound dispatchDue(Instant now) {
		List<CompletableFuture<Trigger.Answer>> sent = new ArrayList<>();
		Round round = round(now, Integer.MAX_VALUE, trigger -> sent.add(sender.send(trigger, answer -> {
		})));
		AnswerRecorder.Recorded recorded = recorder
			.recordNow(sent.stream().map(CompletableFuture::join).toList());
		return new DispatchRound(round.claimed(), recorded.accepted(), round.putBack() + recorded.putBack(),
				recorded.finished(), recorded.unknown(), round.pause());
	}

	@Override
	public DispatchRound dispatchNext(Instant now) {
		int room = sender.room();
		if (room == 0) {
			return new DispatchRound(0, 0, 0, 0, 0, ANSWER_CHECK);
		}
		Instant next = nextRoundAt;
		if (next != null && now.isBefore(next)) {
			return new DispatchRound(0, 0, 0, 0, 0, Duration.between(now, next));
		}
		Round round = round(now, room, trigger -> sender.send(trigger, recorder::add));
		nextRoundAt = now.plus(round.pause());
		Duration pause = Duration.between(clock.instant(), nextRoundAt);
		return new DispatchRound(round.claimed(), 0, round.putBack(), 0, 0, pause.isNegative() ? Duration.ZERO : pause);
	}

	@Override
	public void expectNewWork() {
		nextRoundAt = null;
	}

	@Override
	public void awaitInFlight(Duration max) {
		long deadline = System.nanoTime() + max.toNanos();
		while (sender.inFlight() > 0 && System.nanoTime() < deadline) {
			LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
		}
		recorder.recordQueued();
	}

	/** What a round claimed and put back, and the pause before the next. */
	private record Round(int claimed, int putBack, Duration pause) {
	}

	private Round round(Instant now, int room, Consumer<Trigger> send) {
		paces.roundAt(now);
		Instant horizon = now.plus(settings.lookahead());
		Instant readAt = clock.instant();
		List<DueCampaign> work = claims.dueWork(now, horizon);
		gate.seenRunning(work.stream().map(DueCampaign::id).toList(), readAt);
		forgetCampaignsNotDue(work);
		if (work.isEmpty()) {
			return new Round(0, 0, settings.idlePause());
		}
		int left = Math.min(room, MAX_CLAIM);
		int claimed = 0;
		int putBack = 0;
		Duration pause = settings.idlePause();
		for (ConnectionGroups.Group group : groups.of(work, lastServed)) {
			Round one = round(group.line(), group.campaigns(), left, now, horizon, readAt, send);
			claimed += one.claimed();
			putBack += one.putBack();
			left -= one.claimed();
			pause = pause.compareTo(one.pause()) < 0 ? pause : one.pause();
		}
		return new Round(claimed, putBack, pause);
	}

	/** One connection's part of a round: its own budget, its own concurrency cap, {@code room} at most. */
	private Round round(Line line, List<DueCampaign> campaigns, int room, Instant now, Instant horizon, Instant readAt,
			Consumer<Trigger> send) {
		Pace budget = ConnectionBudget.pace(line, settings);
		int slots = paces.slots(budget, now, horizon);
		int cap = ConnectionBudget.maxConcurrentCalls(line, settings) - campaigns.get(0).connectionActive();
		int most = Math.min(Math.max(0, room), Math.min(slots, Math.max(0, cap)));
		if (most == 0) {
			// no send instant within the lookahead: until half of it is free again; else calls must end first
			return new Round(0, 0, slots == 0 ? pauseFor(budget, now) : settings.idlePause());
		}
		Map<UUID, DueCampaign> due = new LinkedHashMap<>();
		campaigns.forEach(campaign -> due.put(campaign.id(), campaign));
		Map<UUID, Integer> shares = shares(campaigns, most, now, horizon);
		if (shares.isEmpty()) {
			return new Round(0, 0, settings.idlePause());
		}
		// the claim, its checks, its send instants and its put-backs commit together, before any trigger leaves:
		// a failure on the way leaves the recipients as they were
		Prepared prepared = transactions.execute(tx -> prepare(line, budget, due, shares, now, horizon, readAt));
		prepared.triggers().forEach(send);
		boolean full = prepared.claimed() == shares.values().stream().mapToInt(Integer::intValue).sum();
		return new Round(prepared.claimed(), prepared.putBack(),
				full && prepared.claimed() > 0 ? pauseFor(budget, now) : settings.idlePause());
	}

	/** What a round's transaction prepared: the triggers to send once it commits, and what it claimed and put back. */
	private record Prepared(List<Trigger> triggers, int claimed, int putBack) {
	}

	/**
	 * The round's budget shared between the campaigns with work due, by their priorities and
	 * how long each has waited, each at most what its concurrency cap and its own budget's send
	 * instants within the lookahead allow.
	 */
	private Map<UUID, Integer> shares(List<DueCampaign> campaigns, int budget, Instant now, Instant horizon) {
		List<FairShares.Candidate> candidates = new ArrayList<>();
		for (DueCampaign campaign : campaigns) {
			int room = Math.min(Math.max(0, campaign.maxConcurrentCalls() - campaign.active()),
					paces.slots(pace(campaign), now, horizon));
			candidates.add(new FairShares.Candidate(campaign.id(), room,
					lastServed.getOrDefault(campaign.id(), Instant.MIN), campaign.priority()));
		}
		Map<UUID, Integer> shares = FairShares.split(budget, candidates, now);
		shares.keySet().forEach(id -> lastServed.put(id, now));
		return shares;
	}

	/**
	 * Claims the shares, checks the claimed, reserves the callable ones' send instants and puts
	 * back the rest; in the caller's transaction.
	 */
	private Prepared prepare(Line line, Pace budget, Map<UUID, DueCampaign> due, Map<UUID, Integer> shares,
			Instant now, Instant horizon, Instant readAt) {
		Instant leaseUntil = now.plus(settings.lease());
		Map<UUID, List<Claimed>> claimed = claims.claim(shares, replica, now, horizon, leaseUntil);
		int total = claimed.values().stream().mapToInt(List::size).sum();
		if (total == 0) {
			return new Prepared(List.of(), 0, 0);
		}
		CheckedClaims.Checked checked = checks.check(due, claimed, now);
		checked.suppressed().forEach(recipient -> attempts.suppressed(recipient, now));
		List<Slots.Lane> lanes = new ArrayList<>();
		checked.callable().forEach((id, recipients) -> lanes.add(new Slots.Lane(id.toString(), pace(due.get(id)),
				recipients.stream().map(Claimed::dueAt).toList())));
		Slots.Plan plan = rateLimits.reserve(List.of(budget), lanes, now, horizon);
		paces.learn(plan.states());
		Duration lateness = budget.lateness();
		List<Trigger> triggers = new ArrayList<>();
		List<AttemptStore.PutBack> putBack = new ArrayList<>(checked.putBack());
		checked.callable().forEach((id, recipients) -> {
			DueCampaign campaign = due.get(id);
			List<Instant> slots = plan.of(id.toString());
			var options = settingsReader.callOptions(campaign.callOptions());
			for (int i = 0; i < recipients.size(); i++) {
				Claimed recipient = recipients.get(i);
				if (i < slots.size()) {
					Instant slot = slots.get(i);
					triggers.add(new Trigger(recipient, id, campaign.tenant(), new CallRequest(recipient.phoneNumber(),
							null, recipient.metadata(), options.environment(), options.variantId(),
							options.encryption()), slot, slot.plus(lateness), leaseUntil, readAt, line, budget));
				}
				else {
					putBack.add(new AttemptStore.PutBack(recipient, later(now, recipient.dueAt()), "NO_SEND_SLOT",
							"claimed, but other replicas reserved the rate's send instants within the lookahead first:"
									+ " put back unsent", now));
				}
			}
		});
		attempts.notPlaced(putBack);
		return new Prepared(triggers, total, putBack.size() + checked.suppressed().size());
	}

	/**
	 * The pause after a connection's round that could not claim all it may: until half the
	 * lookahead's send instants of its budget are free again. (After a round that found nothing
	 * more due, or no budget to share, the idle pause: recipients stored or resumed on this
	 * replica wake the loop at once.)
	 */
	private Duration pauseFor(Pace budget, Instant now) {
		Instant free = paces.earliestSlot(budget, now).minus(settings.lookahead().dividedBy(2));
		return free.isAfter(now) ? Duration.between(now, free) : Duration.ZERO;
	}

	private void forgetCampaignsNotDue(List<DueCampaign> due) {
		lastServed.keySet().retainAll(due.stream().map(DueCampaign::id).toList());
		paces.keepCampaigns(due.stream().map(RoundDispatcher::pace).toList(), CAMPAIGN);
	}

	/** A campaign's own budget: its calls per minute, a burst of a second's worth (at least one). */
	static Pace pace(DueCampaign campaign) {
		double perSecond = campaign.callsPerMinute() / 60.0;
		return new Pace(CAMPAIGN + campaign.id(), perSecond, Math.max(1, perSecond));
	}

	private static Instant later(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

}
