package dev.campaigns.orchestrator.dispatch.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import dev.campaigns.orchestrator.RoundLoop;
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
import io.micrometer.core.instrument.Timer;
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
public class PostgresDispatcher implements Dispatcher, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(PostgresDispatcher.class);

	/**
	 * Each trigger as it leaves, at DEBUG (off by default): the line's time is when the request is
	 * handed to the HTTP client, with the campaign and the attempt (never the number).
	 */
	private static final Logger leaving = LoggerFactory.getLogger(PostgresDispatcher.class.getName() + ".leaving");

	static final String GLOBAL = "global";

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

	private final Suppressions suppressions;

	private final ComplianceSettings compliance;

	/**
	 * How long the recorder waits for more answers after the first, so the answers of several
	 * triggers share a statement: those of a round come over tens of milliseconds, those of a round
	 * claimed ahead over claim-ahead (their recipients' due times), and the answers of recipients
	 * falling due one by one come one at a time. Nothing waits for the recording: the call's first
	 * poll is planned from its trigger's instant, and a crash meanwhile leaves the attempt to the
	 * takeover (unknown, never redialled), as it would a moment later.
	 */
	private static final Duration RECORD_BATCHING = Duration.ofMillis(200);

	/** How soon a loop round comes back for answers while triggers are in flight. */
	private static final Duration ANSWER_CHECK = Duration.ofMillis(5);

	private final AtomicInteger inFlight = new AtomicInteger();

	/** From the grant of a trigger's tokens to its request leaving. */
	private final Timer sendDelay;

	private final Queue<Answer> answered = new ConcurrentLinkedQueue<>();

	/** Records the loop's answers off the loop's thread, so claims never wait for recordings. */
	private final ScheduledExecutorService recorder = Executors.newSingleThreadScheduledExecutor(task -> {
		Thread thread = new Thread(task, "dispatch-recorder");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicBoolean recordingDue = new AtomicBoolean();

	/** One recording at a time: the recorder's, or a synchronous round's. */
	private final Object recording = new Object();

	private volatile @Nullable Instant nextClaimAt;

	private volatile @Nullable Instant lastClaimAt;

	/** When the global bucket holds a batch again, as its last take said; null: unknown. */
	private volatile @Nullable Instant globalRefilledAt;

	/**
	 * Until when the provider asked for no more requests (a 429's Retry-After, from its answer),
	 * as the trigger pool learnt it: triggers granted before it and still waiting on the pool
	 * are put back, not sent.
	 */
	private final AtomicReference<Instant> providerThrottledUntil = new AtomicReference<>();

	/** The global bucket as the last take left it, and when. */
	private volatile @Nullable Noted lastGlobal;

	/**
	 * How long the recent rounds that took their tokens first took on the clock from the take to
	 * their last trigger handed to the pool (the take's, the claim's and the checks' time), halved
	 * towards each new measure; such a round takes its tokens that much ahead (at most take-ahead).
	 */
	private volatile Duration takeToSend = Duration.ZERO;

	/** When each due campaign was last served a share of the budget. */
	private final Map<UUID, Instant> lastServed = new ConcurrentHashMap<>();

	/** The least a campaign is given in a round shared with others. */
	private static final int MIN_SHARE = 8;

	/** When each campaign's bucket holds a batch again, as its last take said. */
	private final Map<UUID, Instant> campaignRefilledAt = new ConcurrentHashMap<>();

	/**
	 * Each campaign's bucket as its last take left it, and when: while the campaign has something
	 * due, and for {@link #CAMPAIGN_NOTE_KEPT} after that take when it has nothing due.
	 */
	private final Map<UUID, Noted> lastCampaign = new ConcurrentHashMap<>();

	/**
	 * How long the note of a campaign with nothing due is kept after its take: a campaign's bucket
	 * holds a second's calls (or one), full again within a minute at any rate of one a minute or more.
	 */
	private static final Duration CAMPAIGN_NOTE_KEPT = Duration.ofMinutes(1);

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
		this.sendDelay = Timer.builder("orchestrator.dispatch.send.delay")
			.description("from the grant of a trigger's tokens to its request leaving")
			.publishPercentiles(0.5, 0.99)
			.register(meters);
	}

	public String replica() {
		return replica;
	}

	/**
	 * Triggers claimed and not yet answered, at most one per trigger thread: a claimed trigger
	 * never waits for a thread, so it leaves when its tokens were granted. (Queued triggers
	 * would be sent in a burst once a slow provider answers again, above the rate.) A slow
	 * provider thus slows the claims down, not just the answers.
	 */
	private int maxInFlight() {
		return settings.triggerThreads();
	}

	@Override
	public DispatchRound dispatchDue(Instant now) {
		List<CompletableFuture<Answer>> sent = new ArrayList<>();
		Claims claims = claimAndSend(now, Integer.MAX_VALUE, sent);
		Recorded recorded;
		synchronized (recording) {
			recorded = record(sent.stream().map(CompletableFuture::join).toList());
		}
		return new DispatchRound(claims.claimed(), recorded.accepted(), claims.putBack() + recorded.putBack(),
				recorded.finished(), recorded.unknown(), claims.pause());
	}

	@Override
	public DispatchRound dispatchNext(Instant now) {
		Claims claims = Claims.NONE;
		int room = maxInFlight() - inFlight.get();
		Instant claimAt = nextClaimAt;
		if (room > 0 && (claimAt == null || !now.isBefore(claimAt))) {
			claims = claimAndSend(now, room, null);
			claimAt = now.plus(claims.pause());
			nextClaimAt = claimAt;
		}
		// the pause runs from the end of this round, the claim time from its start: the round's own
		// duration must not delay the next claim (a late take lets a full bucket overflow)
		Instant end = clock.instant();
		Duration pause = claimAt == null ? Duration.ZERO : Duration.between(later(end, now), claimAt);
		if (inFlight.get() >= maxInFlight() && pause.compareTo(ANSWER_CHECK) < 0) {
			// as many triggers unanswered as allowed: look again once answers may have made room
			pause = ANSWER_CHECK;
		}
		// the answers of this round's triggers are recorded by the recorder, not counted here
		return new DispatchRound(claims.claimed(), 0, claims.putBack(), 0, 0,
				pause.isNegative() ? Duration.ZERO : pause);
	}

	@Override
	public void expectNewWork() {
		// a round that waits for a bucket to refill still waits for it: claimAndSend knows its refills
		nextClaimAt = null;
	}

	@Override
	public void awaitInFlight(Duration max) {
		long deadline = System.nanoTime() + max.toNanos();
		while ((inFlight.get() > 0 || !answered.isEmpty()) && System.nanoTime() < deadline) {
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		recordAnswers();
	}

	/**
	 * Claims what the budgets allow, at most {@code room} recipients, and sends their triggers
	 * on the trigger pool; answers land in {@link #answered}. The round's pause says when the
	 * next claim is worth a round trip: at once while budget and due work remain; when the
	 * global bucket holds a batch again while it limits; when the soonest campaign bucket
	 * does (at most the idle interval, for other campaigns falling due); the idle interval
	 * when nothing is due. Until a bucket is known to hold a batch again, no round trip asks it.
	 */
	private Claims claimAndSend(Instant now, int room, @Nullable List<CompletableFuture<Answer>> sent) {
		Instant last = lastClaimAt;
		lastClaimAt = now;
		if (last != null && now.isBefore(last)) {
			// the clock went back (tests, or a corrected clock): what we knew of the buckets is void
			globalRefilledAt = null;
			lastGlobal = null;
			providerThrottledUntil.set(null);
			campaignRefilledAt.clear();
			lastCampaign.clear();
		}
		// a round may start take-ahead before the global bucket holds a batch again: its take is then
		// granted for that instant, and its triggers wait for it
		Instant globalReady = globalRefilledAt;
		if (globalReady != null && now.isBefore(globalReady.minus(settings.takeAhead()))) {
			return Claims.idle(Duration.between(now, globalReady.minus(settings.takeAhead())));
		}
		DispatchStore.DueWork work = store.dueWork(now, now.plus(settings.claimAhead()));
		List<DispatchStore.DueCampaign> due = new ArrayList<>(work.campaigns());
		Set<UUID> dueIds = due.stream().map(DispatchStore.DueCampaign::id).collect(Collectors.toSet());
		campaignRefilledAt.keySet().retainAll(dueIds);
		// a campaign's last take is kept a while after it has nothing due: recipients falling due one by one
		// leave it between their rounds, and without the note each of their rounds would take tokens blind
		// before its claim and give back what the claim did not use, a statement more a call
		Instant noteKeptFrom = now.minus(CAMPAIGN_NOTE_KEPT);
		lastCampaign.entrySet().removeIf(noted -> !dueIds.contains(noted.getKey())
				&& noted.getValue().at().isBefore(noteKeptFrom));
		lastServed.keySet().retainAll(dueIds);
		due.removeIf(campaign -> {
			Instant ready = campaignRefilledAt.get(campaign.id());
			return ready != null && now.isBefore(ready);
		});
		// for campaigns falling due: every recipient due within claim-ahead was found, and the next round
		// comes before the first later one is due
		Duration pause = nextLook();
		for (Instant ready : campaignRefilledAt.values()) {
			pause = min(pause, Duration.between(now, ready));
		}
		if (due.isEmpty()) {
			return Claims.idle(pause);
		}
		int globalRoom = Math.min(room, Math.max(0, settings.maxConcurrentCalls() - work.activeCalls()));
		if (globalRoom == 0) {
			// calls must end before more can start
			return Claims.idle(settings.interval());
		}
		RateBuckets.Bucket global = globalBucket();
		// the tokens there will be when they are taken (at the refill, for a round that started ahead of
		// it), at most a burst (a round that finds the reserve leaves the rest to the next, at once);
		// at least one: a take that finds the bucket empty says when it holds a batch again
		Instant grantFor = globalReady == null ? now : later(globalReady, now);
		int budget = Math.max(1, Math.min(Math.min(globalRoom, settings.largestTake()),
				estimatedGlobalTokens(global, grantFor)));
		List<DispatchStore.DueCampaign> turns = turns(due);
		// as many campaigns share the round as can each get a useful batch; what one cannot use goes
		// to the next in turn (water-filling)
		int sharing = Math.max(1, Math.min(turns.size(), budget / MIN_SHARE));
		// first the campaigns whose tokens are plentiful: their shares in one claim and one take for all of them,
		// so a round costs no more statements for many campaigns than for one. The shares are split in the turn's
		// order, the others' kept for them, so a plentiful campaign never takes the turn of one before it
		List<Share> plentifulShares = new ArrayList<>();
		List<DispatchStore.DueCampaign> others = new ArrayList<>();
		int left = budget;
		int plentifulWanted = 0;
		for (int i = 0; i < turns.size(); i++) {
			DispatchStore.DueCampaign campaign = turns.get(i);
			int share = Math.min(settings.batchSize(), (int) Math.ceil((double) left / Math.max(1, sharing - i)));
			Share plentiful = left == 0 ? null
					: plentifulShare(campaign, global, share, now, globalReady, plentifulWanted);
			if (plentiful == null) {
				others.add(campaign);
				// kept for it what it can use: nothing while it has nothing due yet
				left -= campaign.probed().isAfter(now) ? 0 : Math.min(share, room(campaign));
			}
			else {
				plentifulShares.add(plentiful);
				plentifulWanted += plentiful.wanted();
				left -= plentiful.wanted();
			}
		}
		Claims total = Claims.NONE;
		boolean more = false;
		int served = plentifulShares.size();
		if (!plentifulShares.isEmpty()) {
			// (what a share that came short leaves goes to the others; a campaign is served once a round, its
			// active calls as the round found them: the next round, at once, serves those that claimed all)
			total = claimThenTake(global, plentifulShares, now, sent);
			plentifulShares.forEach(share -> lastServed.put(share.campaign().id(), now));
			more = total.pause().isZero();
			pause = min(pause, total.pause());
		}
		// then the others, each taking its tokens first, in their turn's order, with what the plentiful ones left
		// (water-filling: what one cannot use goes to the next)
		left = budget - total.claimed();
		int othersSharing = Math.max(1, Math.min(others.size(), sharing - plentifulShares.size()));
		for (int i = 0; i < others.size() && left > 0; i++) {
			DispatchStore.DueCampaign campaign = others.get(i);
			int share = (int) Math.ceil((double) left / Math.max(1, othersSharing - i));
			Claims claims = claimAndSend(campaign, global, Math.min(share, settings.batchSize()), now, globalReady,
					sent);
			lastServed.put(campaign.id(), now);
			served++;
			left -= claims.claimed();
			total = total.plus(claims);
			more |= claims.pause().isZero();
			pause = min(pause, claims.pause());
		}
		if (served < turns.size()) {
			// campaigns wait their turn for the next round
			more = true;
		}
		Instant globalRefilled = globalRefilledAt;
		if (globalRefilled != null && globalRefilled.isAfter(now)) {
			// nothing can be claimed before the global bucket holds a batch again: the next round starts
			// take-ahead before that, so its statements up to the take do not delay the grant
			// (a round that already came within take-ahead of it and took nothing waits for the refill itself)
			Instant wake = globalRefilled.minus(settings.takeAhead());
			pause = Duration.between(now, wake.isAfter(now) ? wake : globalRefilled);
		}
		else if (more) {
			pause = Duration.ZERO;
		}
		return new Claims(total.claimed(), total.putBack(), pause);
	}

	/**
	 * The due campaigns in the order they are served: least recently served first (ties in a
	 * random order). With the round's budget split among as many as can each get a useful batch
	 * ({@link #MIN_SHARE}), at low rates one campaign takes a round's few tokens and the next
	 * takes the next round's, and at high rates all share every round; either way a huge
	 * campaign does not starve a small one.
	 */
	private List<DispatchStore.DueCampaign> turns(List<DispatchStore.DueCampaign> due) {
		List<DispatchStore.DueCampaign> turns = new ArrayList<>(due);
		Collections.shuffle(turns);
		turns.sort(Comparator.comparing(campaign -> lastServed.getOrDefault(campaign.id(), Instant.MIN)));
		return turns;
	}

	/**
	 * The global bucket's tokens now, from what its last take left and the time since (no
	 * round trip; none since a take made ahead of now; before any take, what a bucket starts
	 * with); other replicas' takes make this an overestimate, which the take corrects.
	 */
	private int estimatedGlobalTokens(RateBuckets.Bucket global, Instant now) {
		Noted noted = lastGlobal;
		return (int) Math.floor(noted == null ? global.idleCapacity() : noted.tokens(global, now));
	}

	private static Duration min(Duration a, Duration b) {
		return a.compareTo(b) <= 0 ? a : b;
	}

	private static Duration max(Duration a, Duration b) {
		return a.compareTo(b) >= 0 ? a : b;
	}

	/**
	 * The pause before a round looks for work again once it found all there is: the idle
	 * interval; with claim-ahead, claim-ahead less take-ahead, since every recipient due within
	 * claim-ahead was found (and claimed, or waits for its bucket), and the next round comes before
	 * the first later one is due; only recipients that fall due unannounced wait that long.
	 */
	private Duration nextLook() {
		return settings.claimAhead().isZero() ? settings.interval() : settings.claimAheadPause();
	}

	/**
	 * The global bucket: R a second, and a window of 1 s + max-send-delay + the path allowance
	 * limited to R + burst. A trigger leaves within max-send-delay of its grant or not at all, so
	 * the triggers leaving in any second were granted within such a window: at most R + burst,
	 * however their send delays vary; the path allowance extends that to where they arrive, for
	 * transit times that differ by no more. With the window holding every second to that, the
	 * bucket itself may hold four bursts while busy ({@link DispatchSettings#globalCapacity()}):
	 * rounds that come late (a slow statement, a busy machine) then find the tokens they would
	 * otherwise have lost to the cap, and take them a burst at a time; after a quiet spell it
	 * holds two ({@link DispatchSettings#globalIdleCapacity()}).
	 */
	private RateBuckets.Bucket globalBucket() {
		return new RateBuckets.Bucket(GLOBAL, settings.callsPerSecond(), settings.globalCapacity(),
				settings.rateRecoveryPerSecond(), settings.window(),
				settings.callsPerSecond() + settings.effectiveBurst(), settings.effectiveBurst(),
				settings.globalIdleCapacity());
	}

	/**
	 * The campaign's share for the round's claim of plentiful shares, or null when it is not for
	 * that: while both buckets are known to stay at least half full after the share (the global
	 * one after {@code sharedBefore}, the round's plentiful shares before it, too), the claim and its checks come first
	 * and the tokens after, so the grant is as close to the requests as it can be (the claim's
	 * statement no longer counts against {@code maxSendDelay}); see {@link #claimThenTake}.
	 */
	private @Nullable Share plentifulShare(DispatchStore.DueCampaign campaign, RateBuckets.Bucket global, int share,
			Instant now, @Nullable Instant globalReady, int sharedBefore) {
		int wanted = Math.min(share, room(campaign));
		if (wanted == 0 || globalReady != null) {
			return null;
		}
		RateBuckets.Bucket own = campaignBucket(campaign);
		return plentiful(global, own, campaign.id(), wanted, sharedBefore, later(clock.instant(), now))
				? new Share(campaign, own, wanted) : null;
	}

	/** The calls the campaign may still start: its cap less those active as the round found them. */
	private static int room(DispatchStore.DueCampaign campaign) {
		return Math.max(0, campaign.maxConcurrentCalls() - campaign.active());
	}

	private static RateBuckets.Bucket campaignBucket(DispatchStore.DueCampaign campaign) {
		double perSecond = campaign.callsPerMinute() / 60.0;
		return new RateBuckets.Bucket("campaign:" + campaign.id(), perSecond, Math.max(1, perSecond), 1.0);
	}

	/**
	 * Claims and sends one campaign's share whose tokens are not known to be plentiful: they are
	 * taken before the claim, so that nobody is claimed who cannot be called.
	 */
	private Claims claimAndSend(DispatchStore.DueCampaign campaign, RateBuckets.Bucket global, int share, Instant now,
			@Nullable Instant globalReady, @Nullable List<CompletableFuture<Answer>> sent) {
		int room = room(campaign);
		if (room == 0) {
			return Claims.idle(settings.interval());
		}
		List<RateBuckets.Bucket> pace = List.of(global, campaignBucket(campaign));
		int wanted = Math.min(share, room);
		if (campaign.probed().isAfter(now)) {
			// nothing due yet (its first in the claim's order is due only within claim-ahead), and tokens taken
			// first are for the round's instant: look again when that one is due, or after the idle interval
			return Claims.idle(min(settings.interval(), Duration.between(now, campaign.probed())));
		}
		return takeThenClaim(campaign, pace, wanted, now, globalReady, sent);
	}

	/**
	 * {@code globalReady} is when the global bucket was to hold a batch again (null: unknown): a
	 * round that got here before it (at most take-ahead before) takes its tokens for that instant,
	 * claims and checks its recipients meanwhile, and its triggers wait for that instant to leave;
	 * so the grant is when the bucket's room frees, not after the round's statements, and the
	 * triggers leave right after it. (The window counts takes from their instants: a take made
	 * late for every room that frees, chained over the window's takes, would hold the rate below
	 * R by its delay over the window's length.)
	 */
	private Claims takeThenClaim(DispatchStore.DueCampaign campaign, List<RateBuckets.Bucket> pace, int wanted,
			Instant now, @Nullable Instant globalReady, @Nullable List<CompletableFuture<Answer>> sent) {
		// the buckets refill for the moment the tokens are taken, not for the round's start: rounds
		// that take a varying while to get here would otherwise spend a second's tokens in less
		Instant clockNow = clock.instant();
		Instant takeAt = later(clockNow, now);
		// for when the bucket holds a batch again, and at least for when the triggers can be ready to
		// leave: a round that came late (the machine or the database is busy) would otherwise spend its
		// statements out of max-send-delay, and triggers that leave too late are put back with their
		// tokens spent
		Duration toReady = globalReady == null || !globalReady.isAfter(takeAt) ? Duration.ZERO
				: Duration.between(takeAt, globalReady);
		Duration ahead = min(max(toReady, takeToSend), settings.takeAhead());
		takeAt = takeAt.plus(ahead);
		// the grant's instant on the clock (tests run rounds at chosen instants, and takeAt is then the round's)
		Instant grantedAt = clockNow.plus(ahead);
		RateBuckets.Grant grant = buckets.take(pace, wanted, takeAt);
		note(grant, takeAt, campaign.id());
		int tokens = grant.granted();
		if (tokens == 0) {
			return Claims.idle(grant.untilRefilled(1));
		}
		Instant leaseUntil = now.plus(settings.lease());
		List<DispatchStore.Claimed> claimed = transactions
			.execute(tx -> store.claim(campaign.id(), tokens, replica, now, leaseUntil));
		List<DispatchStore.Claimed> unsent = new ArrayList<>(claimed);
		try {
			buckets.giveBack(pace, tokens - claimed.size(), takeAt);
			if (claimed.isEmpty()) {
				return Claims.idle(settings.interval());
			}
			// each trigger is handed to the pool as soon as its recipient is checked; the delay to each
			// send is counted on the clock from the grant's instant
			Checked checked = check(campaign, claimed, unsent, now, suppressions.suppressedAmong(campaign.tenant(),
					claimed.stream().map(DispatchStore.Claimed::phoneNumber).toList()),
					ready -> submit(campaign, ready, unsent, now, grantedAt, leaseUntil, sent));
			if (!now.isAfter(clockNow)) {
				// measured on the clock, so only for rounds on its timeline (tests run rounds at instants of their
				// own, far ahead of it, whose schedule the machine's speed must not move)
				takeToSend = takeToSend.plus(Duration.between(clockNow, clock.instant())).dividedBy(2);
			}
			store.notPlaced(checked.notCallable());
			checked.notCallable().forEach(skipped -> unsent.remove(skipped.claimed()));
			// a full grant fully claimed means budget and work may remain: claim again at once
			Duration pause = claimed.size() == wanted && tokens == wanted ? Duration.ZERO : grant.untilRefilled(1);
			return new Claims(claimed.size(), checked.putBack(), claimed.size() < tokens ? settings.interval() : pause);
		}
		catch (RuntimeException ex) {
			// the database failed between the claim and the triggers (a restart): what was not sent is
			// put back, so nobody is left to be taken over as unknown without having been called
			putBack(unsent, leaseUntil, now);
			throw ex;
		}
	}

	/** A campaign's share of a round whose tokens are plentiful: its bucket, and how many it wants. */
	private record Share(DispatchStore.DueCampaign campaign, RateBuckets.Bucket own, int wanted) {
	}

	/**
	 * Claims and checks first, then takes tokens for the callable recipients, granted at once;
	 * those the take did not cover (other replicas took the tokens meanwhile) are put back unsent.
	 * The claim reaches claim-ahead past {@code now}: a recipient due later is checked for its
	 * due time, its token is stamped in the global window at that instant, and its trigger waits
	 * on the pool until then. All the shares in one claim, one suppression query per tenant and
	 * one take ({@link RateBuckets#take(RateBuckets.Bucket, List, Instant)}, shares served in
	 * their turn's order).
	 */
	private Claims claimThenTake(RateBuckets.Bucket global, List<Share> shares, Instant now,
			@Nullable List<CompletableFuture<Answer>> sent) {
		Instant leaseUntil = now.plus(settings.lease());
		Map<UUID, Integer> wanted = new LinkedHashMap<>();
		shares.forEach(share -> wanted.put(share.campaign().id(), share.wanted()));
		Map<UUID, List<DispatchStore.Claimed>> claimedOf = transactions
			.execute(tx -> store.claim(wanted, replica, now, now.plus(settings.claimAhead()), leaseUntil));
		List<DispatchStore.Claimed> unsent = claimedOf.values().stream().flatMap(List::stream)
			.collect(Collectors.toCollection(ArrayList::new));
		if (unsent.isEmpty()) {
			return Claims.idle(settings.interval());
		}
		try {
			Map<String, List<String>> numbersOf = new LinkedHashMap<>();
			for (Share share : shares) {
				numbersOf.computeIfAbsent(share.campaign().tenant(), tenant -> new ArrayList<>())
					.addAll(claimedOf.getOrDefault(share.campaign().id(), List.of()).stream()
						.map(DispatchStore.Claimed::phoneNumber).toList());
			}
			Map<String, Set<String>> suppressed = new HashMap<>();
			numbersOf.forEach((tenant, numbers) -> suppressed.put(tenant,
					numbers.isEmpty() ? Set.of() : suppressions.suppressedAmong(tenant, numbers)));
			List<DispatchStore.PutBack> putBacks = new ArrayList<>();
			List<List<Ready>> callables = new ArrayList<>(shares.size());
			int checkedOut = 0;
			for (Share share : shares) {
				List<DispatchStore.Claimed> claimed = claimedOf.getOrDefault(share.campaign().id(), List.of());
				List<Ready> callable = new ArrayList<>(claimed.size());
				Checked checked = check(share.campaign(), claimed, unsent, now,
						suppressed.get(share.campaign().tenant()), callable::add);
				// should the take cover only some, the earliest deadlines go (the claim's order does not
				// survive its RETURNING)
				callable.sort(Comparator.comparing((Ready ready) -> ready.recipient().deadline(),
						Comparator.nullsLast(Comparator.naturalOrder())));
				putBacks.addAll(checked.notCallable());
				checkedOut += checked.putBack();
				callables.add(callable);
			}
			Instant clockNow = clock.instant();
			Instant takeAt = later(clockNow, now);
			// the take's shares, of the shares with callable recipients: each token at the instant its trigger
			// leaves, its recipient's due time or at once
			List<RateBuckets.Share> taking = new ArrayList<>();
			for (int i = 0; i < shares.size(); i++) {
				List<Ready> callable = callables.get(i);
				if (!callable.isEmpty()) {
					taking.add(new RateBuckets.Share(shares.get(i).own(), callable.size(),
							callable.stream().map(ready -> later(takeAt, ready.recipient().dueAt())).toList()));
				}
			}
			List<RateBuckets.Grant> grants = buckets.take(global, taking, takeAt);
			int took = 0;
			int claimedAll = 0;
			int uncovered = 0;
			Duration pauseAll = null;
			for (int s = 0; s < shares.size(); s++) {
				Share share = shares.get(s);
				List<DispatchStore.Claimed> claimed = claimedOf.getOrDefault(share.campaign().id(), List.of());
				List<Ready> callable = callables.get(s);
				claimedAll += claimed.size();
				if (claimed.isEmpty()) {
					pauseAll = pauseAll == null ? settings.interval() : min(pauseAll, settings.interval());
					continue;
				}
				Duration pause = Duration.ZERO;
				int granted = 0;
				if (!callable.isEmpty()) {
					List<Instant> stamps = taking.get(took).stamps();
					RateBuckets.Grant grant = grants.get(took++);
					note(grant, takeAt, share.campaign().id());
					granted = grant.granted();
					for (int i = 0; i < granted; i++) {
						Instant stamp = stamps.get(i);
						// the grant's instant on the clock (tests run rounds at chosen instants)
						submit(share.campaign(), callable.get(i), unsent, later(now, stamp),
								clockNow.plus(Duration.between(takeAt, stamp)), leaseUntil, sent);
					}
					putBacks.addAll(uncovered(callable.subList(granted, callable.size()), grant, takeAt, now));
					uncovered += callable.size() - granted;
					if (granted < callable.size()) {
						pause = grant.untilRefilled(1);
					}
				}
				if (pause.isZero() && claimed.size() == share.wanted()
						&& claimed.stream().allMatch(recipient -> recipient.deadline() == null)) {
					// a full claim that reached ahead, none of it with a deadline: the claim's order (deadline first,
					// none last, then due time) leaves none due before its last, so the next round comes take-ahead
					// before that (a backlog, all due already, claims again at once). With deadlines, one due
					// earlier may have been left for one due later with an earlier deadline: claim again at once.
					Instant last = claimed.stream().map(DispatchStore.Claimed::dueAt).max(Instant::compareTo)
						.orElseThrow();
					Duration until = Duration.between(now, last).minus(settings.takeAhead());
					pause = until.isNegative() ? Duration.ZERO : min(until, nextLook());
				}
				// fewer than wanted: everything due within claim-ahead was claimed (the take may have come short,
				// though: then not after its bucket holds a batch again)
				Duration next = granted < callable.size() ? min(pause, nextLook()) : nextLook();
				Duration own = claimed.size() < share.wanted() ? next : pause;
				pauseAll = pauseAll == null ? own : min(pauseAll, own);
			}
			store.notPlaced(putBacks);
			putBacks.forEach(skipped -> unsent.remove(skipped.claimed()));
			return new Claims(claimedAll, checkedOut + uncovered, pauseAll == null ? Duration.ZERO : pauseAll);
		}
		catch (RuntimeException ex) {
			putBack(unsent, leaseUntil, now);
			throw ex;
		}
	}

	/**
	 * Recipients claimed first whose take did not cover them, put back unsent: until a throttle of
	 * the buckets ends (another replica's 429), else due at once (other replicas took the tokens).
	 */
	private List<DispatchStore.PutBack> uncovered(List<Ready> over, RateBuckets.Grant grant, Instant takeAt,
			Instant now) {
		if (over.isEmpty()) {
			return List.of();
		}
		meters.counter("orchestrator.dispatch.claims.uncovered").increment(over.size());
		Instant throttled = grant.states().stream().map(RateBuckets.State::throttledUntil)
			.filter(until -> until != null && until.isAfter(takeAt)).max(Instant::compareTo).orElse(null);
		// a recipient claimed ahead goes back due when it was due, not earlier
		return over.stream().map(ready -> throttled != null
				? new DispatchStore.PutBack(ready.recipient(), later(throttled, ready.recipient().dueAt()), "RATE_LIMITED",
						"claimed while the rate's tokens seemed plentiful, but a 429 from the provider stops them until "
								+ throttled + ": put back unsent until then", now)
				: new DispatchStore.PutBack(ready.recipient(), later(now, ready.recipient().dueAt()), "TOKENS_GONE",
						"claimed while the rate's tokens seemed plentiful, but other replicas took them first (or"
								+ " the round's shares before it): put back unsent", now))
			.toList();
	}

	/**
	 * Whether both buckets are known (from their last takes) to hold plenty after {@code wanted}
	 * tokens at {@code at} (the global one after {@code sharedBefore} more, the round's shares
	 * before this one), with no 429 in force: the global one at least a burst (a quarter of
	 * its capacity, half of what it holds after a quiet spell), the campaign's at least half its
	 * capacity; other replicas' takes since would have to be large to leave the share uncovered.
	 */
	private boolean plentiful(RateBuckets.Bucket global, RateBuckets.Bucket own, UUID campaign, int wanted,
			int sharedBefore, Instant at) {
		Noted globalNoted = lastGlobal;
		Noted ownNoted = lastCampaign.get(campaign);
		Instant throttled = providerThrottledUntil.get();
		if (globalNoted == null || ownNoted == null || (throttled != null && throttled.isAfter(at))) {
			return false;
		}
		return globalNoted.tokens(global, at) - sharedBefore - wanted >= settings.effectiveBurst()
				&& ownNoted.tokens(own, at) - wanted >= own.capacity() / 2;
	}

	/** Remembers what a take said of the buckets, so no round trip asks one before it holds a batch again. */
	private void note(RateBuckets.Grant grant, Instant takeAt, UUID campaign) {
		lastGlobal = new Noted(grant.states().get(0), takeAt);
		globalRefilledAt = grant.untilRefilled(0).isZero() ? null : takeAt.plus(grant.untilRefilled(0));
		lastCampaign.put(campaign, new Noted(grant.states().get(1), takeAt));
		if (grant.untilRefilled(1).isZero()) {
			campaignRefilledAt.remove(campaign);
		}
		else {
			campaignRefilledAt.put(campaign, takeAt.plus(grant.untilRefilled(1)));
		}
	}

	/**
	 * Puts claimed, unsent recipients back as they were, retrying while the database is away and
	 * the lease has time left (after that the takeover marks them unknown: safe, never redialled).
	 */
	private void putBack(List<DispatchStore.Claimed> unsent, Instant leaseUntil, Instant now) {
		List<DispatchStore.PutBack> putBacks = unsent.stream()
			.map(recipient -> new DispatchStore.PutBack(recipient, later(now, recipient.dueAt()), "DATABASE_UNAVAILABLE",
					"the database failed after the claim, before the call was sent: put back unsent", now))
			.toList();
		for (int attempt = 1;; attempt++) {
			try {
				// one statement; run again after a failure, it changes nothing twice
				store.notPlaced(putBacks);
				return;
			}
			catch (RuntimeException ex) {
				if (clock.instant().plus(settings.leaseMargin()).isAfter(leaseUntil)) {
					log.warn("Could not put back {} unsent recipients before their lease ends; they will be"
							+ " taken over as unknown", unsent.size(), ex);
					return;
				}
				sleep(RoundLoop.afterFailures(Duration.ofMillis(200), attempt));
			}
		}
	}

	private static void sleep(Duration pause) {
		try {
			Thread.sleep(pause.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while putting back unsent recipients", ex);
		}
	}

	/**
	 * Checks the claimed recipients, handing each callable one to {@code callable} as soon as it is
	 * checked: a number suppressed since it was planned is not dialled (one query per batch,
	 * marked at once); one over its attempt cap, outside its calling windows or past its deadline
	 * is to be put back by the caller, after the triggers have left (so no statement delays them;
	 * until then such recipients stay in {@code unsent}, for a failure).
	 */
	private Checked check(DispatchStore.DueCampaign campaign, List<DispatchStore.Claimed> claimed,
			List<DispatchStore.Claimed> unsent, Instant now, Set<String> suppressed, Consumer<Ready> callable) {
		CallingWindow window = settingsReader.window(campaign.callingWindow());
		var options = settingsReader.callOptions(campaign.callOptions());
		int putBack = 0;
		List<DispatchStore.PutBack> notCallable = new ArrayList<>();
		for (DispatchStore.Claimed recipient : claimed) {
			// a recipient claimed ahead is called at its due time: checked for then
			Instant at = later(now, recipient.dueAt());
			if (suppressed.contains(recipient.phoneNumber())) {
				store.suppressed(recipient, now);
				unsent.remove(recipient);
				putBack++;
				continue;
			}
			List<CallingHourFloor> floors = CallingHourFloors.forE164(recipient.phoneNumber());
			List<CallingWindow> windows = windows(window, floors);
			List<ZoneId> zones = recipient.zones().stream().map(ZoneId::of).toList();
			Instant capFreesAt = capFreesAt(campaign.tenant(), recipient, floors, at);
			if (capFreesAt != null) {
				// the number reached its cap of calls in the rolling window, across this tenant's campaigns
				notCallable.add(new DispatchStore.PutBack(recipient, CallTimes
					.nextEligibleAt(windows, zones, capFreesAt, recipient.notBefore(), recipient.deadline())
					.orElse(null), "ATTEMPT_CAP", "the number reached its cap of calls across the tenant's campaigns"
							+ " until " + capFreesAt + "; planned for the next lawful opening after it", now));
				putBack++;
				continue;
			}
			if (!CallTimes.isOpen(windows, zones, at)
					|| (recipient.deadline() != null && !at.isBefore(recipient.deadline()))) {
				// the window closed (or the deadline passed) since the recipient was planned: not dialled
				boolean late = recipient.deadline() != null && !at.isBefore(recipient.deadline());
				notCallable.add(new DispatchStore.PutBack(recipient, CallTimes
					.nextEligibleAt(windows, zones, at, recipient.notBefore(), recipient.deadline())
					.orElse(null), late ? "DEADLINE_PASSED" : "WINDOW_CLOSED",
						late ? "its deadline passed before it could be called"
								: "outside its calling window in " + recipient.zones() + " (campaign window or regional"
										+ " calling hours); planned for the next opening",
						now));
				putBack++;
				continue;
			}
			callable.accept(new Ready(recipient, new CallRequest(recipient.phoneNumber(), null, recipient.metadata(),
					options.environment(), options.variantId(), options.encryption())));
		}
		return new Checked(notCallable, putBack);
	}

	/**
	 * Hands a trigger to the trigger pool, its tokens granted for {@code grantedAt}; it leaves
	 * {@code unsent} only once the pool took it (a pool shut down refuses it, and it is put back).
	 */
	private void submit(DispatchStore.DueCampaign campaign, Ready call, List<DispatchStore.Claimed> unsent,
			Instant now, Instant grantedAt, Instant leaseUntil, @Nullable List<CompletableFuture<Answer>> sent) {
		Sent trigger = new Sent(call.recipient(), campaign.id(), campaign.tenant(), now, grantedAt);
		CompletableFuture<Answer> future = CompletableFuture
			.supplyAsync(() -> calls(trigger, call.request(), leaseUntil), triggers)
			// an exception after the request may have left means a call may exist: unknown, never redialled
			.handle((answer, failure) -> failure == null ? answer
					: new Answer(trigger, new TriggerResult.OutcomeUnknown("the trigger failed unexpectedly: "
							+ failure), null));
		unsent.remove(call.recipient());
		if (sent != null) {
			sent.add(future);
		}
		else {
			inFlight.incrementAndGet();
			future.thenAccept(answer -> {
				answered.add(answer);
				inFlight.decrementAndGet();
				recordSoon(RECORD_BATCHING);
			});
		}
	}

	/**
	 * Has the recorder record the answers of the loop's triggers after {@code delay}, unless a
	 * recording is already due: answers that arrive while one runs wait for the next, so each
	 * records a batch.
	 */
	private void recordSoon(Duration delay) {
		if (recordingDue.compareAndSet(false, true)) {
			try {
				recorder.schedule(this::recordAnswers, delay.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (RejectedExecutionException ex) {
				// closed: shutdown records what is left itself
				recordingDue.set(false);
			}
		}
	}

	/**
	 * Records the loop's answers that arrived since the last recording: the accepted calls in
	 * one statement, everything else one recipient at a time (rare). Answers whose recording
	 * fails (the database gone) are kept and tried again a second later; should that outlast
	 * the lease, the recipients are taken over as unknown, never redialled.
	 */
	private void recordAnswers() {
		recordingDue.set(false);
		synchronized (recording) {
			List<Answer> answers = new ArrayList<>();
			for (Answer answer = answered.poll(); answer != null; answer = answered.poll()) {
				answers.add(answer);
			}
			if (answers.isEmpty()) {
				return;
			}
			try {
				record(answers);
			}
			catch (RuntimeException ex) {
				answered.addAll(answers);
				log.warn("Recording {} trigger answers failed; trying again in a second", answers.size(), ex);
				recordSoon(Duration.ofSeconds(1));
			}
		}
	}

	/** Stops the recorder after recording what is left (the loop stopped before). */
	@Override
	public void close() {
		recorder.shutdown();
		try {
			recorder.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		recordAnswers();
	}

	private Recorded record(List<Answer> answers) {
		List<DispatchStore.Accepted> accepted = new ArrayList<>();
		int acceptedCount = 0;
		int finished = 0;
		int unknown = 0;
		int putBack = 0;
		Set<UUID> paused = new HashSet<>();
		// the answers not placed are put back together, in one statement
		List<DispatchStore.PutBack> putBacks = new ArrayList<>();
		for (Answer answer : answers) {
			TriggerResult result = answer.result();
			DispatchStore.Claimed recipient = answer.sent().recipient();
			Instant now = answer.sent().at();
			if (result instanceof TriggerResult.Accepted ok) {
				accepted.add(new DispatchStore.Accepted(recipient.attemptId(), ok.callSid(), ok.status().name(),
						ok.rawStatus(), now));
				acceptedCount++;
			}
			else if (result instanceof TriggerResult.Rejected rejected) {
				store.finished(recipient, "FAILED", "INVALID", "PROVIDER_REJECTED", rejected.reason(), now);
				finished++;
			}
			else if (result instanceof TriggerResult.OutcomeUnknown lost) {
				store.finished(recipient, "TRIGGER_UNKNOWN", "TRIGGER_UNKNOWN", "TRIGGER_UNKNOWN",
						lost.reason() + "; the call may have been placed: never redialled automatically", now);
				meters.counter("orchestrator.dispatch.trigger.unknown").increment();
				unknown++;
			}
			else if (result instanceof TriggerResult.Throttled throttled) {
				// until the Retry-After the pool noted from the answer (not from the round that claimed)
				Instant until = throttledUntil(now);
				buckets.throttle(GLOBAL, Duration.between(now, until), now);
				globalRefilledAt = until;
				putBacks.add(new DispatchStore.PutBack(recipient, until, "RATE_LIMITED",
						"the provider answered 429 Too Many Requests; retried after " + throttled.retryAfter(), now));
				putBack++;
			}
			else if (result instanceof TriggerResult.ConfigurationRejected rejected) {
				putBacks.add(new DispatchStore.PutBack(recipient, now, "CONFIGURATION_REJECTED",
						"the provider rejected our configuration (" + rejected.reason() + "): the campaign is paused",
						now));
				putBack++;
				if (paused.add(answer.sent().campaign())) {
					log.error("The provider rejected our configuration ({}); pausing campaign {}", rejected.reason(),
							answer.sent().campaign());
					lifecycle.apply(new CampaignId(answer.sent().campaign()), answer.sent().tenant(),
							LifecycleAction.PAUSE, "provider configuration rejected: " + rejected.reason());
				}
			}
			else if (result instanceof TriggerResult.Unavailable unavailable) {
				putBacks.add(new DispatchStore.PutBack(recipient, now.plus(settings.unavailableBackoff()),
						"PROVIDER_UNAVAILABLE", "the provider could not take the call (" + unavailable.reason()
								+ "); retried after " + settings.unavailableBackoff(),
						now));
				putBack++;
			}
			else if (answer.unsent() == Unsent.LEASE_TOO_SHORT) {
				putBacks.add(new DispatchStore.PutBack(recipient, now, "LEASE_TOO_SHORT",
						"the claim's lease had too little time left to send safely: put back unsent", now));
				putBack++;
			}
			else if (answer.unsent() == Unsent.TOO_LATE) {
				putBacks.add(new DispatchStore.PutBack(recipient, now, "SEND_TOO_LATE",
						"its tokens were granted more than " + settings.maxSendDelay().toMillis() + " ms before it"
								+ " could be sent: put back unsent, so that a stall never releases a burst above the rate",
						now));
				meters.counter("orchestrator.dispatch.triggers.late").increment();
				putBack++;
			}
			else if (answer.unsent() == Unsent.THROTTLED) {
				putBacks.add(new DispatchStore.PutBack(recipient, throttledUntil(now), "RATE_LIMITED", "the provider answered 429 Too Many Requests to another trigger while this one"
								+ " waited to leave: put back unsent until its Retry-After",
						now));
				putBack++;
			}
			else if (answer.unsent() == Unsent.INTERRUPTED) {
				putBacks.add(new DispatchStore.PutBack(recipient, now, "SHUTDOWN",
						"the replica stopped while the trigger waited for the instant its tokens were granted for:"
								+ " put back unsent", now));
				putBack++;
			}
		}
		store.notPlaced(putBacks);
		// the status module plans the polls; the first is due at once, and the retention deadline is
		// a safe bound until the call's end is seen
		store.accepted(accepted, provider.statusRetention());
		meters.counter("orchestrator.dispatch.triggers.accepted").increment(acceptedCount);
		return new Recorded(acceptedCount, putBack, finished, unknown);
	}

	/**
	 * Sends the trigger, unless the lease has too little time left (a trigger with its retries
	 * must end before the lease could be taken over) or its tokens were granted more than
	 * {@code maxSendDelay} ago: a trigger held up that long (a stall of the process, the database
	 * or the pool) would leave together with later ones, above the rate; it is put back instead.
	 * A trigger whose tokens were taken ahead of their instant waits for it first.
	 */
	private Answer calls(Sent trigger, CallRequest request, Instant leaseUntil) {
		if (!awaitGrant(trigger.grantedAt())) {
			return new Answer(trigger, null, Unsent.INTERRUPTED);
		}
		Instant at = clock.instant();
		Duration delay = Duration.between(trigger.grantedAt(), at);
		if (at.plus(settings.leaseMargin()).isAfter(leaseUntil)) {
			return new Answer(trigger, null, Unsent.LEASE_TOO_SHORT);
		}
		if (delay.compareTo(settings.maxSendDelay()) > 0) {
			return new Answer(trigger, null, Unsent.TOO_LATE);
		}
		// on the round's timeline (tests run rounds at chosen instants ahead of the clock)
		Instant throttled = providerThrottledUntil.get();
		if (throttled != null && later(at, trigger.at()).isBefore(throttled)) {
			return new Answer(trigger, null, Unsent.THROTTLED);
		}
		sendDelay.record(delay.isNegative() ? Duration.ZERO : delay);
		leaving.debug("Trigger leaving: campaign {} attempt {}", trigger.campaign(), trigger.recipient().attemptId());
		TriggerResult result = calls.trigger(request);
		if (result instanceof TriggerResult.Throttled tooMany) {
			Instant until = later(clock.instant(), trigger.at()).plus(tooMany.retryAfter());
			providerThrottledUntil.accumulateAndGet(until, (current, next) -> current == null ? next : later(current, next));
		}
		return new Answer(trigger, result, null);
	}

	/**
	 * Waits until the clock reaches the instant a trigger's tokens were granted for (a take made
	 * ahead of it, or a recipient claimed ahead of its due time), at most take-ahead plus
	 * claim-ahead in all (a test's clock may stand still); parked, not slept, since a sleep rounds
	 * to whole milliseconds before Java 21. False if interrupted meanwhile.
	 */
	private boolean awaitGrant(Instant grantedAt) {
		long until = System.nanoTime() + settings.takeAhead().plus(settings.claimAhead()).toNanos();
		for (Instant at = clock.instant(); at.isBefore(grantedAt) && System.nanoTime() < until; at = clock.instant()) {
			LockSupport.parkNanos(Math.min(until - System.nanoTime(), Duration.between(at, grantedAt).toNanos()));
			if (Thread.currentThread().isInterrupted()) {
				return false;
			}
		}
		return true;
	}

	/**
	 * When the provider's last Retry-After ends, as the trigger pool noted it from the answers,
	 * and at the earliest {@code now}.
	 */
	private Instant throttledUntil(Instant now) {
		Instant until = providerThrottledUntil.get();
		return until == null ? now : later(until, now);
	}

	private static Instant later(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
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

	/**
	 * A trigger handed to the pool: its recipient and campaign, claimed at {@code at}, its tokens
	 * granted at {@code grantedAt} (on the clock).
	 */
	private record Sent(DispatchStore.Claimed recipient, UUID campaign, String tenant, Instant at, Instant grantedAt) {
	}

	/** A claimed recipient that may be called now, and its request. */
	private record Ready(DispatchStore.Claimed recipient, CallRequest request) {
	}

	/**
	 * The claimed recipients to put back (not callable now), and how many were not called in all
	 * (with the suppressed, marked at once).
	 */
	private record Checked(List<DispatchStore.PutBack> notCallable, int putBack) {
	}

	/** A bucket's state as a take left it, and the take's instant. */
	private record Noted(RateBuckets.State state, Instant at) {

		/** The bucket's tokens at {@code now} if nobody took any since (other replicas may have). */
		double tokens(RateBuckets.Bucket bucket, Instant now) {
			return bucket.tokensAt(state, at, now);
		}

	}

	/** Why a trigger handed to the pool was not sent. */
	private enum Unsent {

		/** The lease had too little time left to send safely. */
		LEASE_TOO_SHORT,

		/** Its tokens were granted more than {@code maxSendDelay} before it could leave. */
		TOO_LATE,

		/** The pool was stopped while it waited for its grant's instant. */
		INTERRUPTED,

		/** The provider answered 429 to another trigger, and its Retry-After had not passed. */
		THROTTLED

	}

	/** A trigger and the provider's answer; no answer when it was not sent, and why. */
	private record Answer(Sent sent, @Nullable TriggerResult result, @Nullable Unsent unsent) {
	}

	/** What claiming did: recipients claimed, put back unsent, and when to claim next. */
	private record Claims(int claimed, int putBack, Duration pause) {

		static final Claims NONE = new Claims(0, 0, Duration.ZERO);

		static Claims idle(Duration pause) {
			return new Claims(0, 0, pause);
		}

		Claims plus(Claims other) {
			return new Claims(claimed + other.claimed, putBack + other.putBack, pause);
		}

	}

	/** What recording answers did. */
	private record Recorded(int accepted, int putBack, int finished, int unknown) {

		static final Recorded NONE = new Recorded(0, 0, 0, 0);

	}


}
