package dev.campaigns.orchestrator.report.web;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.campaigns.orchestrator.campaign.CampaignId;
import dev.campaigns.orchestrator.campaign.CampaignLifecycle;
import dev.campaigns.orchestrator.campaign.CampaignQueries;
import dev.campaigns.orchestrator.campaign.CampaignStatus;
import dev.campaigns.orchestrator.campaign.CampaignView;
import dev.campaigns.orchestrator.campaign.Detection;
import dev.campaigns.orchestrator.campaign.LifecycleAction;
import dev.campaigns.orchestrator.campaign.LifecycleResult;
import dev.campaigns.orchestrator.campaign.Page;
import dev.campaigns.orchestrator.campaign.RecipientOutcome;
import dev.campaigns.orchestrator.report.CampaignReport;
import dev.campaigns.orchestrator.report.CampaignReports;
import dev.campaigns.orchestrator.report.internal.AdminKeys;
import dev.campaigns.orchestrator.report.internal.AdminKeys.SignedInKey;
import dev.campaigns.orchestrator.report.internal.RecipientCsv;
import dev.campaigns.orchestrator.report.internal.ReportStore;
import dev.campaigns.orchestrator.report.internal.ReportStore.ProblemRecipient;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The admin dashboard: sign in with an API key, the tenant's campaigns, one campaign's report
 * with its chart, failures, lifecycle buttons and CSV download. Outside {@code /api}, so no
 * bearer token: Spring Security's dashboard chain ({@link AdminConfiguration}) keeps the
 * signed-in key in the session and checks every POST's CSRF token; every page checks here
 * that a key is signed in, still active and allowed ({@link AdminSession}).
 */
@Controller
@RequestMapping("/admin")
class AdminController {

	static final int PROBLEMS_SHOWN = 100;

	private final AdminKeys keys;

	private final CampaignQueries campaigns;

	private final CampaignReports reports;

	private final CampaignLifecycle lifecycle;

	private final ReportStore store;

	private final RecipientCsv csv;

	private final Clock clock;

	private final AdminSignIn signIn;

	private final AdminAccess access;

	AdminController(AdminKeys keys, CampaignQueries campaigns, CampaignReports reports, CampaignLifecycle lifecycle,
			ReportStore store, RecipientCsv csv, Clock clock, AdminSignIn signIn, AdminAccess access) {
		this.keys = keys;
		this.access = access;
		this.campaigns = campaigns;
		this.reports = reports;
		this.lifecycle = lifecycle;
		this.store = store;
		this.csv = csv;
		this.clock = clock;
		this.signIn = signIn;
	}

	@GetMapping("/login")
	String loginForm() {
		return AdminSession.current() != null ? "redirect:/admin" : "admin/login";
	}

	@PostMapping("/login")
	String login(@RequestParam(name = "key", defaultValue = "") String key, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		Optional<SignedInKey> signedIn = keys.verify(key);
		if (signedIn.isEmpty()) {
			response.setStatus(HttpStatus.UNAUTHORIZED.value());
			model.addAttribute("error", "This key is unknown, revoked or expired.");
			return "admin/login";
		}
		AdminSession admin = signIn.signIn(signedIn.get(), request, response);
		if (!admin.canRead()) {
			throw new AdminForbidden();
		}
		return "redirect:/admin";
	}

	/** Where Spring Security forwards a POST it refused (its CSRF token was missing or wrong). */
	@RequestMapping("/forbidden")
	String forbidden() {
		throw new AdminForbidden();
	}

	@GetMapping({ "", "/" })
	String campaigns(@RequestParam(defaultValue = "0") int page, HttpServletRequest request, Model model) {
		AdminSession admin = access.reader(request);
		Page<CampaignView> list = campaigns.list(admin.tenant(), null, Math.max(0, page), 50);
		model.addAttribute("admin", admin);
		model.addAttribute("page", list);
		model.addAttribute("rows", list.items().stream().map(CampaignRow::of).toList());
		return "admin/campaigns";
	}

	@GetMapping("/campaigns/{id}")
	String campaign(@PathVariable String id, HttpServletRequest request, Model model) {
		AdminSession admin = access.reader(request);
		CampaignId campaignId = campaignId(id);
		CampaignView campaign = campaigns.find(campaignId, admin.tenant()).orElseThrow(AdminNotFound::new);
		CampaignReport report = reports.of(campaignId, admin.tenant()).orElseThrow(AdminNotFound::new);
		List<ProblemRecipient> problems = store.problems(campaignId.value(), PROBLEMS_SHOWN);
		model.addAttribute("admin", admin);
		model.addAttribute("campaign", campaign);
		model.addAttribute("live", Live.of(report, chart(campaignId)));
		model.addAttribute("outcomes", RecipientOutcome.values());
		model.addAttribute("detections", Detection.values());
		model.addAttribute("problems", problems);
		model.addAttribute("history", campaigns.events(campaignId, admin.tenant()).orElseThrow(AdminNotFound::new));
		return "admin/campaign";
	}

	/** The counts the campaign page re-renders every few seconds while the campaign runs. */
	@GetMapping(path = "/campaigns/{id}/live", produces = "application/json")
	@ResponseBody
	Live live(@PathVariable String id, HttpServletRequest request) {
		AdminSession admin = access.reader(request);
		CampaignId campaignId = campaignId(id);
		CampaignReport report = reports.of(campaignId, admin.tenant()).orElseThrow(AdminNotFound::new);
		return Live.of(report, chart(campaignId));
	}

	@GetMapping("/campaigns/{id}/recipients.csv")
	void export(@PathVariable String id, HttpServletRequest request, HttpServletResponse response) {
		AdminSession admin = access.reader(request);
		CampaignId campaignId = campaignId(id);
		campaigns.campaign(campaignId, admin.tenant()).orElseThrow(AdminNotFound::new);
		csv.write(campaignId.value(), CsvDownload.to(response, campaignId.toString()));
	}

	@PostMapping("/campaigns/{id}/{action:pause|resume|cancel|complete}")
	String act(@PathVariable String id, @PathVariable String action,
			HttpServletRequest request, RedirectAttributes redirect) {
		AdminSession admin = access.writer(request);
		CampaignId campaignId = campaignId(id);
		LifecycleResult result = lifecycle.apply(campaignId, admin.tenant(),
				LifecycleAction.valueOf(action.toUpperCase(Locale.ROOT)), AdminAccess.actor(admin));
		if (result instanceof LifecycleResult.NotFound) {
			throw new AdminNotFound();
		}
		if (result instanceof LifecycleResult.NotAllowed notAllowed) {
			redirect.addFlashAttribute("message", "Cannot " + action + " a campaign that is "
					+ notAllowed.status().name().toLowerCase(Locale.ROOT) + ".");
		}
		return "redirect:/admin/campaigns/" + campaignId;
	}

	private String chart(CampaignId id) {
		Instant end = store.lastCallEnd(id.value()).orElse(null);
		if (end == null) {
			return OutcomeChart.svg(List.of());
		}
		Instant since = end.minus(OutcomeChart.BUCKET.multipliedBy(OutcomeChart.MAX_BUCKETS));
		return OutcomeChart.svg(store.finishedCalls(id.value(), since));
	}

	private static CampaignId campaignId(String id) {
		return ReportController.campaignId(id).orElseThrow(AdminNotFound::new);
	}

	/** A campaign in the list: its counts as a progress bar. */
	record CampaignRow(String id, String name, CampaignStatus status, Instant createdAt, long total, long done,
			int percent) {

		static CampaignRow of(CampaignView view) {
			long total = view.counts().total();
			long done = view.counts().done();
			return new CampaignRow(view.id(), view.name(), view.status(), view.createdAt(), total, done,
					AdminController.percent(done, total));
		}

	}

	/**
	 * What the campaign page shows and its script refreshes; {@code byDetection} is the report's:
	 * every detection, 0 where none was reported.
	 */
	record Live(String status, boolean refreshing, long total, long pending, long dialing, long inCall, long done,
			int percent, Map<RecipientOutcome, Long> byOutcome, Map<Detection, Long> byDetection,
			@Nullable String connectRate, long unknown, long expired, @Nullable Instant estimatedFinish,
			String chartSvg) {

		static Live of(CampaignReport report, String chart) {
			CampaignReport.Counts counts = report.counts();
			return new Live(report.status().name(),
					report.status() == CampaignStatus.RUNNING || report.status() == CampaignStatus.SCHEDULED,
					counts.total(), counts.pending(), counts.dialing(), counts.inCall(), counts.done(),
					AdminController.percent(counts.done(), counts.total()), counts.byOutcome(), report.byDetection(),
					report.connectRate() == null ? null
							: String.format(Locale.ROOT, "%.1f %%", report.connectRate() * 100),
					report.unknown(), report.expired(),
					report.estimatedFinish() == null ? null : report.estimatedFinish().at(), chart);
		}

	}

	static int percent(long part, long whole) {
		return whole == 0 ? 0 : (int) (100 * part / whole);
	}

}
