package dev.campaigns.orchestrator.schedule;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import org.jspecify.annotations.Nullable;

/**
 * Where a recipient lives, in time: the explicit IANA zone if one was given, else the zones
 * libphonenumber knows for the number, else the campaign's default zone. With several
 * candidates the calling window must hold in all of them.
 */
public final class TimeZones {

	private static final String UNKNOWN = PhoneNumberToTimeZonesMapper.getUnknownTimeZone();

	private static final PhoneNumberToTimeZonesMapper mapper = PhoneNumberToTimeZonesMapper.getInstance();

	private TimeZones() {
	}

	/** The time zone database's names, as the JDK knows them ({@code getAvailableZoneIds} copies them every call). */
	private static final Set<String> TZDB = Set.copyOf(ZoneId.getAvailableZoneIds());

	/**
	 * The zone named by an IANA time zone database name ({@code Europe/London}, {@code UTC},
	 * {@code Etc/UTC}), or empty: fixed offsets ({@code +01:00}, {@code UTC+1}) are not zones a
	 * person lives in and are refused.
	 */
	public static Optional<ZoneId> iana(@Nullable String id) {
		if (id == null || id.isBlank() || !TZDB.contains(id)) {
			return Optional.empty();
		}
		try {
			return Optional.of(ZoneId.of(id));
		}
		catch (DateTimeException notAZone) {
			return Optional.empty();
		}
	}

	/**
	 * The candidate zones, in the order of DESIGN.md "Time"; empty when none of the three
	 * sources knows, which makes the recipient invalid.
	 *
	 * @param explicit a valid IANA zone given for the recipient, or null
	 * @param number the parsed number
	 * @param campaignDefault the campaign's default zone, or null
	 */
	public static List<ZoneId> candidates(@Nullable ZoneId explicit, PhoneNumber number,
			@Nullable ZoneId campaignDefault) {
		if (explicit != null) {
			return List.of(explicit);
		}
		List<ZoneId> mapped = mapper.getTimeZonesForNumber(number)
			.stream()
			.filter(id -> !UNKNOWN.equals(id))
			.map(ZoneId::of)
			.toList();
		if (!mapped.isEmpty()) {
			return mapped;
		}
		return campaignDefault != null ? List.of(campaignDefault) : List.of();
	}

	/**
	 * {@link #candidates} for bulk use: the {@link ZoneId}s of each distinct answer of
	 * libphonenumber are made once. Thread-safe.
	 */
	public static final class Cached {

		private final Map<List<String>, List<ZoneId>> zones = new ConcurrentHashMap<>();

		public List<ZoneId> candidates(@Nullable ZoneId explicit, PhoneNumber number, @Nullable ZoneId campaignDefault) {
			if (explicit != null) {
				return List.of(explicit);
			}
			List<ZoneId> mapped = zones.computeIfAbsent(mapper.getTimeZonesForNumber(number),
					ids -> ids.stream().filter(id -> !UNKNOWN.equals(id)).map(ZoneId::of).toList());
			if (!mapped.isEmpty()) {
				return mapped;
			}
			return campaignDefault != null ? List.of(campaignDefault) : List.of();
		}

	}

}
