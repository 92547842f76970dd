package dev.campaigns.orchestrator.compliance.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.campaigns.orchestrator.compliance.Suppressions;
import dev.campaigns.orchestrator.security.Caller;
import dev.campaigns.orchestrator.security.Requires;
import dev.campaigns.orchestrator.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The do-not-call list (API.md): admins only, per tenant. */
@RestController
@RequestMapping("/api/v1/suppressions")
@Requires(Role.ADMIN)
@Tag(name = "Suppressions", description = "The do-not-call list")
class SuppressionController {

	private static final int MAX_CSV_ROWS = 1_000_000;

	private final Suppressions suppressions;

	private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

	SuppressionController(Suppressions suppressions) {
		this.suppressions = suppressions;
	}

	/** A number to suppress: E.164, or national with its country code. */
	record NewSuppression(@Nullable String phoneNumber, @Nullable String countryCode, @Nullable String reason) {
	}

	record SuppressionPage(List<Suppressions.Suppression> items, int page, int size, long totalItems) {
	}

	@GetMapping
	@Operation(summary = "List the tenant's suppressed numbers, newest first")
	SuppressionPage list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
			Caller caller) {
		int bounded = Math.max(1, Math.min(500, size));
		return new SuppressionPage(suppressions.page(caller.tenant(), Math.max(0, page), bounded), Math.max(0, page),
				bounded, suppressions.count(caller.tenant()));
	}

	@PostMapping(consumes = "application/json")
	@Operation(summary = "Suppress a number: it is never called again by this tenant")
	ResponseEntity<Map<String, Object>> add(@RequestBody NewSuppression body, Caller caller) {
		String number = normalise(body.phoneNumber(), body.countryCode(), null);
		if (body.reason() != null && body.reason().length() > 500) {
			throw new InvalidSuppression(List.of(Map.of("field", "reason", "reason", "must be at most 500 characters")));
		}
		boolean added = suppressions.add(caller.tenant(), number, body.reason());
		return ResponseEntity.status(added ? HttpStatus.CREATED : HttpStatus.OK)
			.body(Map.of("phoneNumber", number, "added", added));
	}

	@PostMapping(consumes = "text/csv")
	@Operation(summary = "Bulk import: CSV with a phone_number column (E.164) and an optional reason column")
	Map<String, Object> importCsv(HttpServletRequest request, Caller caller) throws IOException {
		List<Map<String, Object>> errors = new ArrayList<>();
		int added = 0;
		int rows = 0;
		try (BufferedReader in = new BufferedReader(
				new InputStreamReader(request.getInputStream(), StandardCharsets.UTF_8))) {
			String header = in.readLine();
			List<String> columns = header == null ? List.of()
					: List.of(header.replace("\uFEFF", "").toLowerCase(Locale.ROOT).split(",", -1));
			int numberColumn = columns.indexOf("phone_number");
			int reasonColumn = columns.indexOf("reason");
			if (numberColumn < 0) {
				throw new InvalidSuppression(List.of(Map.of("field", "header", "reason", "must have a phone_number column")));
			}
			String line;
			while ((line = in.readLine()) != null && rows < MAX_CSV_ROWS) {
				if (line.isBlank()) {
					continue;
				}
				String[] cells = line.split(",", -1);
				int index = rows++;
				try {
					String number = normalise(cells.length > numberColumn ? cells[numberColumn].trim() : null, null,
							index);
					String reason = reasonColumn >= 0 && cells.length > reasonColumn ? cells[reasonColumn] : null;
					if (suppressions.add(caller.tenant(), number, reason)) {
						added++;
					}
				}
				catch (InvalidSuppression ex) {
					if (errors.size() < 1000) {
						errors.addAll(ex.errors());
					}
				}
			}
		}
		return Map.of("rows", rows, "added", added, "errors", errors);
	}

	@DeleteMapping("/{phoneNumber}")
	@Operation(summary = "Remove a number from the list")
	ResponseEntity<Void> remove(@PathVariable String phoneNumber, Caller caller) {
		String number = normalise(phoneNumber, null, null);
		return suppressions.remove(caller.tenant(), number) ? ResponseEntity.noContent().build()
				: ResponseEntity.notFound().build();
	}

	private String normalise(@Nullable String number, @Nullable String countryCode, @Nullable Integer index) {
		if (number == null || number.isBlank()) {
			throw invalid(index, "is required");
		}
		try {
			PhoneNumber parsed = phones.parse(number.trim(),
					countryCode == null ? "ZZ" : countryCode.trim().toUpperCase(Locale.ROOT));
			if (!phones.isValidNumber(parsed)) {
				throw invalid(index, "is not a valid number in its numbering plan");
			}
			return phones.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164);
		}
		catch (NumberParseException ex) {
			throw invalid(index, "is not a phone number in E.164 format (or give countryCode)");
		}
	}

	private static InvalidSuppression invalid(@Nullable Integer index, String reason) {
		Map<String, Object> error = index == null ? Map.of("field", "phoneNumber", "reason", reason)
				: Map.of("index", index, "field", "phoneNumber", "reason", reason);
		return new InvalidSuppression(List.of(error));
	}

	@ExceptionHandler
	ProblemDetail invalid(InvalidSuppression ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request is invalid.");
		problem.setType(URI.create("https://campaign-orchestrator.dev/problems/invalid-request"));
		problem.setTitle("The request is invalid");
		problem.setProperty("errors", ex.errors());
		return problem;
	}

	/** A number that cannot be suppressed as given (400). */
	static class InvalidSuppression extends RuntimeException {

		private final transient List<Map<String, Object>> errors;

		InvalidSuppression(List<Map<String, Object>> errors) {
			super("invalid suppression", null, false, false);
			this.errors = errors;
		}

		List<Map<String, Object>> errors() {
			return errors;
		}

	}

}
