package dev.campaigns.orchestrator.campaign.web;

/** The example bodies of the campaign API's OpenAPI document. */
final class ApiExamples {

	static final String CAMPAIGN = """
			{
			  "name": "Dental reminders",
			  "schedule": {
			    "callingWindow": { "start": "09:00", "end": "20:00", "days": ["MON", "TUE", "WED", "THU", "FRI"] },
			    "defaultTimeZone": "Europe/London"
			  },
			  "retry": { "maxAttempts": 3, "backoff": "PT30M", "retryOn": ["NO_ANSWER", "BUSY"] },
			  "rateLimit": { "callsPerMinute": 60, "maxConcurrentCalls": 20 },
			  "priority": 4,
			  "recipients": [
			    { "phoneNumber": "+442079460001", "externalId": "appt-1", "metadata": { "customer_name": "Paul Smith" } },
			    { "phoneNumber": "+14155550123", "timeZone": "America/Los_Angeles", "externalId": "appt-2" }
			  ]
			}""";

	static final String RECIPIENTS = """
			[
			  { "phoneNumber": "+442079460002", "externalId": "appt-3", "notBefore": "2026-12-08T09:30:00Z" },
			  { "phoneNumber": "020 7946 0003", "countryCode": "GB", "externalId": "appt-4" }
			]""";

	static final String CSV = """
			phone_number,country_code,time_zone,external_id,not_before,not_after,customer_name
			+442079460004,,Europe/London,appt-5,,,Paul Smith
			02079460005,GB,,appt-6,2026-12-08T09:30:00Z,,Ann Jones
			""";

	/** An appointment moved to the afternoon, its slot in the metadata with it. */
	static final String RECIPIENT_UPDATE = """
			{ "notBefore": "2026-12-08T13:00:00Z", "notAfter": "2026-12-08T16:00:00Z",
			  "metadata": { "appointment_time": "16:30", "old_key": null } }""";

	static final String PATCH = """
			{
			  "schedule": { "callingWindow": { "start": "10:00", "end": "18:00" }, "endAt": "2026-12-24T18:00:00Z" },
			  "rateLimit": { "callsPerMinute": 120 }
			}""";

	private ApiExamples() {
	}

}
