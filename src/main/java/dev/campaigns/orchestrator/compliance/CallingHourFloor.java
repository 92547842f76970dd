package dev.campaigns.orchestrator.compliance;

import dev.campaigns.orchestrator.schedule.CallingWindow;
import org.jspecify.annotations.Nullable;

/**
 * A legal limit on when and how often a number may be called, in its local time. A floor
 * only narrows a campaign's window: both must hold.
 *
 * @param name what the rule is, for the audit trail and reports
 * @param window the hours (every day) the law allows
 * @param maxAttemptsPer24Hours the most calls to one number in any 24 hours, or null if the
 * rule sets none
 */
public record CallingHourFloor(String name, CallingWindow window, @Nullable Integer maxAttemptsPer24Hours) {

}
