package dev.campaigns.orchestrator.report.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import dev.campaigns.orchestrator.campaign.CampaignId;
import dev.campaigns.orchestrator.campaign.CampaignQueries;
import dev.campaigns.orchestrator.campaign.CampaignView;
import dev.campaigns.orchestrator.campaign.Page;
import dev.campaigns.orchestrator.campaign.RecipientActionResult;
import dev.campaigns.orchestrator.campaign.RecipientActions;
import dev.campaigns.orchestrator.campaign.RecipientCall;
import dev.campaigns.orchestrator.campaign.RecipientDetail;
import dev.campaigns.orchestrator.campaign.RecipientFilter;
import dev.campaigns.orchestrator.campaign.RecipientOutcome;
import dev.campaigns.orchestrator.campaign.RecipientState;
import dev.campaigns.orchestrator.campaign.RecipientView;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The dashboard's recipient pages: find a campaign's recipients by phone number or external id,
 * open one for its fields and audit trail, and (keys with campaigns:write) cancel or requeue it.
 * The actions post a form with Spring Security's CSRF token, like the lifecycle buttons, and
 * are recorded in the trail under the signed-in key's id and name.
 */
@Controller
@RequestMapping("/admin/campaigns/{id}/recipients")
class AdminRecipientController {

	/** The most recipients a search lists. */
	static final int FOUND_SHOWN = 50;

	private static final int MAX_QUERY = 200;

	private final CampaignQueries campaigns;

	private final RecipientActions actions;

	private final AdminAccess access;

	private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

	AdminRecipientController(CampaignQueries campaigns, RecipientActions actions, AdminAccess access) {
		this.campaigns = campaigns;
		this.actions = actions;
		this.access = access;
	}

	@GetMapping
	String search(@PathVariable String id, @RequestParam(defaultValue = "phoneNumber") String by,
			@RequestParam(defaultValue = "") String q, HttpServletRequest request, Model model) {
		AdminSession admin = access.reader(request);
		CampaignId campaignId = campaignId(id);
		CampaignView campaign = campaigns.find(campaignId, admin.tenant()).orElseThrow(AdminNotFound::new);
		boolean byExternalId = "externalId".equals(by);
		String query = q.strip();
		model.addAttribute("admin", admin);
		model.addAttribute("campaign", campaign);
		model.addAttribute("by", byExternalId ? "externalId" : "phoneNumber");
		model.addAttribute("q", query);
		model.addAttribute("found", List.of());
		model.addAttribute("total", 0L);
		if (query.isEmpty() || query.length() > MAX_QUERY) {
			model.addAttribute("message", "Enter " + (byExternalId ? "an external id" : "a phone number")
					+ (query.isEmpty() ? "." : " of at most " + MAX_QUERY + " characters."));
			return "admin/recipients";
		}
		RecipientFilter filter;
		if (byExternalId) {
			filter = new RecipientFilter(null, null, query, null);
		}
		else {
			Optional<String> number = e164(query);
			if (number.isEmpty()) {
				model.addAttribute("message", "\"" + query + "\" is not a phone number: write it in E.164, with its"
						+ " country code, such as +442071230401.");
				return "admin/recipients";
			}
			filter = new RecipientFilter(null, null, null, number.get());
		}
		Page<RecipientView> page = campaigns.recipients(campaignId, admin.tenant(), filter, 0, FOUND_SHOWN)
			.orElseThrow(AdminNotFound::new);
		model.addAttribute("found", page.items());
		model.addAttribute("total", page.totalItems());
		return "admin/recipients";
	}

	@GetMapping("/{recipientId}")
	String recipient(@PathVariable String id, @PathVariable String recipientId, HttpServletRequest request,
			Model model) {
		AdminSession admin = access.reader(request);
		CampaignId campaignId = campaignId(id);
		CampaignView campaign = campaigns.find(campaignId, admin.tenant()).orElseThrow(AdminNotFound::new);
		RecipientDetail detail = campaigns.recipient(campaignId, admin.tenant(), recipientId(recipientId))
			.orElseThrow(AdminNotFound::recipient);
		RecipientView recipient = detail.recipient();
		model.addAttribute("admin", admin);
		model.addAttribute("campaign", campaign);
		model.addAttribute("recipient", recipient);
		model.addAttribute("fields", fields(recipient));
		model.addAttribute("history", detail.history());
		model.addAttribute("calls", detail.calls());
		model.addAttribute("callConnections", byCallSid(detail.calls()));
		model.addAttribute("cancellable", recipient.state() != RecipientState.DONE);
		model.addAttribute("requeueable", recipient.outcome() == RecipientOutcome.TRIGGER_UNKNOWN);
		return "admin/recipient";
	}

	@PostMapping("/{recipientId}/{action:cancel|requeue}")
	String act(@PathVariable String id, @PathVariable String recipientId, @PathVariable String action,
			HttpServletRequest request, RedirectAttributes redirect) {
		AdminSession admin = access.writer(request);
		CampaignId campaignId = campaignId(id);
		long recipient = recipientId(recipientId);
		RecipientActionResult result = "cancel".equals(action)
				? actions.cancel(campaignId, admin.tenant(), recipient, AdminAccess.actor(admin))
				: actions.requeue(campaignId, admin.tenant(), recipient, AdminAccess.actor(admin));
		if (result instanceof RecipientActionResult.NotFound) {
			throw campaigns.campaign(campaignId, admin.tenant()).isPresent() ? AdminNotFound.recipient()
					: new AdminNotFound();
		}
		if (result instanceof RecipientActionResult.NotAllowed notAllowed) {
			redirect.addFlashAttribute("message", "Cannot " + action + " this recipient: " + notAllowed.why() + ".");
		}
		return "redirect:/admin/campaigns/" + campaignId + "/recipients/" + recipient;
	}

	/** The recipient's calls by call id, for the trail's entries that name one. */
	private static Map<String, RecipientCall> byCallSid(List<RecipientCall> calls) {
		Map<String, RecipientCall> bySid = new LinkedHashMap<>();
		calls.stream().filter(call -> call.callSid() != null).forEach(call -> bySid.put(call.callSid(), call));
		return bySid;
	}

	/** As the API's filter reads it (a + lost to a query string taken back), then parsed as E.164. */
	private Optional<String> e164(String query) {
		String number = query.startsWith("+") ? query : "+" + query;
		try {
			return Optional.of(phones.format(phones.parse(number, "ZZ"), PhoneNumberFormat.E164));
		}
		catch (NumberParseException ex) {
			return Optional.empty();
		}
	}

	/** The recipient's fields in the order the page lists them; an absent one as a dash. */
	private static Map<String, Object> fields(RecipientView recipient) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("Phone number", recipient.phoneNumber());
		fields.put("External id", orDash(recipient.externalId()));
		fields.put("State", recipient.state());
		fields.put("Outcome", orDash(recipient.outcome()));
		fields.put("Reason", orDash(recipient.outcomeReason()));
		fields.put("Attempts", recipient.attempts());
		fields.put("Time zones", String.join(", ", recipient.timeZones()));
		fields.put("Next attempt (UTC)", orDash(recipient.nextAttemptAt()));
		fields.put("Not before (UTC)", orDash(recipient.notBefore()));
		fields.put("Not after (UTC)", orDash(recipient.notAfter()));
		fields.put("Last call id", orDash(recipient.lastCallSid()));
		recipient.metadata().forEach((key, value) -> fields.put("metadata." + key, value));
		return fields;
	}

	private static Object orDash(@Nullable Object value) {
		return value == null ? "–" : value;
	}

	private static CampaignId campaignId(String id) {
		return ReportController.campaignId(id).orElseThrow(AdminNotFound::new);
	}

	private static long recipientId(String id) {
		try {
			return Long.parseLong(id);
		}
		catch (NumberFormatException ex) {
			throw AdminNotFound.recipient();
		}
	}

}
