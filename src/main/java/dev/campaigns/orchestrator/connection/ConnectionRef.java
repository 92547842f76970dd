package dev.campaigns.orchestrator.connection;

import java.util.UUID;

/**
 * A stored connection as campaigns, calls and reports name it: enough to recognise it, nothing
 * of its credential or settings. The default connection ({@code orchestrator.provider.*}) has
 * no ref: where one is expected it is null.
 *
 * @param dialect the dialect's id, e.g. {@code outbound-calling-v1}
 * @param deleted whether the connection was deleted since: its name is still shown, and may
 * have been given to another connection
 */
public record ConnectionRef(UUID id, String name, String dialect, boolean deleted) {
}
