package dev.campaigns.orchestrator.provider.internal;

import java.util.Map;

/**
 * A trigger exactly as it goes on the wire: the path below the base URL, and the JSON body
 * with the dialect's own field names (absent fields are left out, never sent as null).
 */
record WireRequest(String path, Map<String, Object> body) {
}
