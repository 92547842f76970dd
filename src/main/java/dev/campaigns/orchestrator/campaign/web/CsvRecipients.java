package dev.campaigns.orchestrator.campaign.web;

import java.io.Reader;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import dev.campaigns.orchestrator.CsvRecords;
import dev.campaigns.orchestrator.campaign.FieldError;
import dev.campaigns.orchestrator.campaign.RecipientDraft;
import org.jspecify.annotations.Nullable;

/**
 * Recipients from RFC 4180 CSV, one at a time, so memory does not grow with the file. The
 * header names the columns: {@code phone_number} (required), {@code country_code},
 * {@code time_zone}, {@code external_id}, {@code not_before}, {@code not_after}; any other
 * column is a metadata key, and an empty cell leaves its key out. Row indexes count data
 * rows from 0, as the JSON API counts recipients.
 */
final class CsvRecipients implements Iterator<RecipientDraft> {

	private static final Set<String> KNOWN = Set.of("phone_number", "country_code", "time_zone", "external_id",
			"not_before", "not_after");

	private final CsvRecords records;

	private final List<String> header;

	private int row;

	private @Nullable List<String> next;

	private int line = 1;

	CsvRecipients(Reader in, CsvRecords.Limits limits) {
		this.records = new CsvRecords(in, limits);
		List<String> columns = readHeader();
		if (columns == null || columns.isEmpty() || (columns.size() == 1 && columns.get(0).isBlank())) {
			throw new MalformedRequest(List.of(FieldError.ofCampaign("header", "the CSV needs a header line")));
		}
		if (!columns.isEmpty() && columns.get(0).startsWith("\uFEFF")) {
			columns.set(0, columns.get(0).substring(1));
		}
		List<String> names = columns.stream().map(String::trim).toList();
		if (!names.contains("phone_number")) {
			throw new MalformedRequest(List.of(FieldError.ofCampaign("header", "must have a phone_number column")));
		}
		Set<String> seen = new HashSet<>();
		for (String name : names) {
			if (name.isEmpty() || !seen.add(name)) {
				throw new MalformedRequest(
						List.of(FieldError.ofCampaign("header", "column names must be unique and not empty")));
			}
		}
		this.header = names;
		this.next = readRecord();
	}

	@Override
	public boolean hasNext() {
		while (next != null && next.size() == 1 && next.get(0).isEmpty()) {
			next = readRecord(); // blank lines are not recipients
		}
		return next != null;
	}

	@Override
	public RecipientDraft next() {
		if (!hasNext()) {
			throw new NoSuchElementException();
		}
		List<String> cells = next;
		int index = row++;
		if (cells.size() != header.size()) {
			throw new MalformedRequest(List.of(FieldError.ofRecipient(index, "row",
					"has " + cells.size() + " cells but the header has " + header.size() + " (line " + (line - 1) + ")")));
		}
		next = readRecord();
		Map<String, String> known = new LinkedHashMap<>();
		Map<String, @Nullable Object> metadata = new LinkedHashMap<>();
		for (int i = 0; i < cells.size(); i++) {
			String value = cells.get(i);
			if (KNOWN.contains(header.get(i))) {
				known.put(header.get(i), value.isEmpty() ? null : value);
			}
			else if (!value.isEmpty()) {
				metadata.put(header.get(i), value);
			}
		}
		return new RecipientDraft(known.get("phone_number"), known.get("country_code"), known.get("time_zone"),
				known.get("external_id"), known.get("not_before"), known.get("not_after"), metadata);
	}

	private @Nullable List<String> readHeader() {
		try {
			return records.next();
		}
		catch (CsvRecords.Malformed ex) {
			// a decoder reports a fault a buffer ahead: one in the first rows may surface here
			throw new MalformedRequest(List.of(ex.column() < 0 ? FieldError.ofRecipient(0, "row", ex.getMessage())
					: FieldError.ofCampaign("header", "column " + (ex.column() + 1) + " " + ex.getMessage())));
		}
	}

	/**
	 * One record, quotes and embedded line breaks included; null at the end of the input. A
	 * fault of one cell is named by its column, as the header names it.
	 */
	private @Nullable List<String> readRecord() {
		try {
			List<String> cells = records.next();
			line = records.line();
			return cells;
		}
		catch (CsvRecords.Malformed ex) {
			String field = ex.column() < 0 ? "row"
					: ex.column() < header.size() ? header.get(ex.column()) : "column " + (ex.column() + 1);
			throw new MalformedRequest(List.of(FieldError.ofRecipient(row, field, ex.getMessage())));
		}
	}

}
