package dev.campaigns.orchestrator.compliance.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.campaigns.orchestrator.BoundedInputStream;
import dev.campaigns.orchestrator.CsvRecords;
import dev.campaigns.orchestrator.RequestBodyTooLarge;
import dev.campaigns.orchestrator.StrictJson;
import dev.campaigns.orchestrator.Text;
import dev.campaigns.orchestrator.compliance.Suppressions;
import dev.campaigns.orchestrator.compliance.web.SuppressionProblems.InvalidSuppression;
import dev.campaigns.orchestrator.compliance.web.SuppressionProblems.SuppressionNotFound;
import dev.campaigns.orchestrator.security.Caller;
import dev.campaigns.orchestrator.security.Requires;
import dev.campaigns.orchestrator.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The do-not-call list (API.md): admins only, per tenant. */
@RestController
@RequestMapping(path = "/api/v1/suppressions", produces = MediaType.APPLICATION_JSON_VALUE)
@Requires(Role.ADMIN)
@Tag(name = "Suppressions", description = "The do-not-call list")
class SuppressionController {

	private static final int LARGEST_PAGE = 500;

	private static final int MAX_CSV_ROWS = 1_000_000;

	private static final int MAX_REASON = 500;

	private static final int MAX_REPORTED_ERRORS = 1000;

	private final Suppressions suppressions;

	private final JsonMapper strict;

	private final DataSize maxJsonBody;

	private final DataSize maxCsvBody;

	private final CsvRecords.Limits csvLimits;

	private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

	SuppressionController(Suppressions suppressions, JsonMapper json,
			@Value("${orchestrator.campaign.max-json-body:64MB}") DataSize maxJsonBody,
			@Value("${orchestrator.campaign.max-csv-body:512MB}") DataSize maxCsvBody,
			@Value("${orchestrator.campaign.max-csv-cell:32768}") int maxCsvCell,
			@Value("${orchestrator.campaign.max-csv-record:65536}") int maxCsvRecord) {
		this.suppressions = suppressions;
		this.strict = StrictJson.mapper(json);
		this.maxJsonBody = maxJsonBody;
		this.maxCsvBody = maxCsvBody;
		this.csvLimits = new CsvRecords.Limits(maxCsvCell, maxCsvRecord);
	}

	/** A number to suppress: E.164, or national with its country code. */
	record NewSuppression(@Nullable String phoneNumber, @Nullable String countryCode, @Nullable String reason) {
	}

	record SuppressionPage(List<Suppressions.Suppression> items, int page, int size, long totalItems) {
	}

	/** The answer of an add: the number as stored (E.164), and whether the list did not hold it yet. */
	record SuppressionAdded(String phoneNumber, boolean added) {
	}

	/** The answer of an import: the rows read, and how many numbers the list did not hold yet. */
	record SuppressionImport(int rows, int added) {
	}

	@GetMapping
	@Operation(operationId = "listSuppressions", summary = "List the tenant's suppressed numbers, newest first")
	SuppressionPage list(@RequestParam(defaultValue = "0") int page, @Parameter(description = "Items per page, at most " + LARGEST_PAGE + " (a larger value is taken as " + LARGEST_PAGE + ")", schema = @Schema(type = "integer", format = "int32", defaultValue = "50", minimum = "1", maximum = "" + LARGEST_PAGE)) @RequestParam(defaultValue = "50") int size,
			Caller caller) {
		int bounded = Math.max(1, Math.min(LARGEST_PAGE, size));
		return new SuppressionPage(suppressions.page(caller.tenant(), Math.max(0, page), bounded), Math.max(0, page),
				bounded, suppressions.count(caller.tenant()));
	}

	@PostMapping(consumes = "application/json")
	@Operation(operationId = "addSuppression", summary = "Suppress a number: it is never called again by this tenant",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = "application/json",
							schema = @Schema(implementation = NewSuppression.class),
							examples = @ExampleObject(name = "opt-out",
									value = "{\"phoneNumber\": \"+442079460001\", \"reason\": \"asked not to be called\"}"))),
			responses = { @ApiResponse(responseCode = "201", description = "Added to the list",
					content = @Content(schema = @Schema(implementation = SuppressionAdded.class))),
					@ApiResponse(responseCode = "200", description = "The list already held the number",
							content = @Content(schema = @Schema(implementation = SuppressionAdded.class))) })
	ResponseEntity<SuppressionAdded> add(HttpServletRequest request, Caller caller) throws IOException {
		NewSuppression body = read(StrictJson.body(request.getInputStream(), request.getContentLengthLong(), maxJsonBody));
		String number = normalise(body.phoneNumber(), body.countryCode(), null);
		String reasonProblem = reasonProblem(body.reason());
		if (reasonProblem != null) {
			throw new InvalidSuppression(List.of(Map.of("field", "reason", "reason", reasonProblem)));
		}
		boolean added = suppressions.add(caller.tenant(), number, body.reason());
		return ResponseEntity.status(added ? HttpStatus.CREATED : HttpStatus.OK)
			.body(new SuppressionAdded(number, added));
	}

	@PostMapping(path = "/import", consumes = "text/csv")
	@Operation(operationId = "importSuppressions",
			summary = "Bulk import: CSV with a phone_number column (E.164) and an optional reason column",
			description = "All or nothing: when a row is invalid, nothing is imported and every bad row is listed.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = "text/csv", schema = @Schema(type = "string"),
							examples = @ExampleObject(name = "csv",
									value = "phone_number,reason\n+442079460001,asked not to be called\n"))))
	SuppressionImport importCsv(HttpServletRequest request, Caller caller) throws IOException {
		if (request.getContentLengthLong() > maxCsvBody.toBytes()) {
			throw new RequestBodyTooLarge(maxCsvBody);
		}
		// a decoder that reports malformed input: the default one would store U+FFFD instead
		BufferedReader in = new BufferedReader(new InputStreamReader(
				new BoundedInputStream(request.getInputStream(), maxCsvBody, () -> new RequestBodyTooLarge(maxCsvBody)),
				StandardCharsets.UTF_8.newDecoder()));
		CsvRows rows = new CsvRows(new CsvRecords(in, csvLimits));
		int added = suppressions.addAll(caller.tenant(), rows);
		return new SuppressionImport(rows.count, added);
	}

	/**
	 * The rows of an import as suppressions. Invalid rows are noted and skipped, and at the end
	 * of the input they fail the import with all of them, so that its transaction keeps nothing.
	 */
	private final class CsvRows implements Iterator<Suppressions.Entry> {

		private final CsvRecords records;

		private final int numberColumn;

		private final int reasonColumn;

		/** The header's column names; null while the header itself is read. */
		private final @Nullable List<String> names;

		private final List<Map<String, Object>> errors = new ArrayList<>();

		private int count;

		private Suppressions.@Nullable Entry next;

		CsvRows(CsvRecords records) {
			this.records = records;
			List<String> header = read();
			List<String> names = header == null ? List.of()
					: header.stream().map(name -> name.replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT)).toList();
			this.numberColumn = names.indexOf("phone_number");
			this.reasonColumn = names.indexOf("reason");
			this.names = names;
			if (numberColumn < 0) {
				throw new InvalidSuppression(List.of(Map.of("field", "header", "reason", "must have a phone_number column")));
			}
		}

		@Override
		public boolean hasNext() {
			while (next == null) {
				List<String> cells = read();
				if (cells == null) {
					if (!errors.isEmpty()) {
						throw new InvalidSuppression(errors);
					}
					return false;
				}
				if (cells.size() == 1 && cells.get(0).isBlank()) {
					continue;
				}
				int index = count++;
				if (count > MAX_CSV_ROWS) {
					throw new InvalidSuppression(List.of(Map.of("field", "body", "reason",
							"must have at most " + MAX_CSV_ROWS + " rows")));
				}
				try {
					next = row(index, cells);
				}
				catch (InvalidSuppression ex) {
					if (errors.size() < MAX_REPORTED_ERRORS) {
						errors.addAll(ex.errors());
					}
				}
			}
			return true;
		}

		@Override
		public Suppressions.Entry next() {
			if (!hasNext()) {
				throw new NoSuchElementException();
			}
			Suppressions.Entry row = next;
			next = null;
			return row;
		}

		private Suppressions.Entry row(int index, List<String> cells) {
			if (cells.size() != names.size()) {
				throw new InvalidSuppression(List.of(Map.of("index", index, "field", "row", "reason",
						"has " + cells.size() + " cells but the header has " + names.size())));
			}
			String number = normalise(cells.get(numberColumn).trim(), null, index);
			String reason = reasonColumn < 0 || cells.get(reasonColumn).isEmpty() ? null : cells.get(reasonColumn);
			String reasonProblem = reasonProblem(reason);
			if (reasonProblem != null) {
				throw new InvalidSuppression(List.of(Map.of("index", index, "field", "reason", "reason", reasonProblem)));
			}
			return new Suppressions.Entry(number, reason);
		}

		private @Nullable List<String> read() {
			try {
				return records.next();
			}
			catch (CsvRecords.Malformed ex) {
				// a fault of one cell is named by its column, as the header names it
				String field = ex.column() < 0 ? "row"
						: names == null ? "header"
								: ex.column() < names.size() ? names.get(ex.column()) : "column " + (ex.column() + 1);
				throw new InvalidSuppression(
						List.of(Map.of("index", count, "field", field, "reason", ex.getMessage())));
			}
		}

	}

	private NewSuppression read(byte[] body) {
		if (!StrictJson.isUtf8(body)) {
			throw new InvalidSuppression(List.of(Map.of("field", "body", "reason", "is not valid UTF-8")));
		}
		try {
			NewSuppression suppression = strict.readValue(body, NewSuppression.class);
			if (suppression == null) {
				throw new InvalidSuppression(List.of(Map.of("field", "body", "reason", "must be a JSON object")));
			}
			return suppression;
		}
		catch (JacksonException ex) {
			String reason = ex instanceof UnrecognizedPropertyException ? "is not a field of this API"
					: "cannot be read: it must be JSON like {\"phoneNumber\":\"+442079460001\",\"reason\":\"...\"}";
			throw new InvalidSuppression(List.of(Map.of("field", StrictJson.field(ex), "reason", reason)));
		}
	}

	private static @Nullable String reasonProblem(@Nullable String reason) {
		if (reason == null) {
			return null;
		}
		if (reason.length() > MAX_REASON) {
			return "must be at most " + MAX_REASON + " characters";
		}
		if (Text.hasControlCharacter(reason)) {
			return "must not contain control characters";
		}
		return null;
	}

	@DeleteMapping("/{phoneNumber}")
	@Operation(operationId = "removeSuppression", summary = "Remove a number from the list",
			responses = @ApiResponse(responseCode = "204", description = "Removed"))
	ResponseEntity<Void> remove(@PathVariable String phoneNumber, Caller caller) {
		String number = normalise(phoneNumber, null, null);
		if (!suppressions.remove(caller.tenant(), number)) {
			throw new SuppressionNotFound();
		}
		return ResponseEntity.noContent().build();
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

}
