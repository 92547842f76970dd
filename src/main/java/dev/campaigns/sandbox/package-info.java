/**
 * A faithful fake of the PolyAI Outbound Calling API in all three dialects, for local runs
 * and tests: served in-process when {@code orchestrator.sandbox.enabled} is set, or as its
 * own process with the {@code sandbox-server} profile. Never on in production.
 */
@NullMarked
package dev.campaigns.sandbox;

import org.jspecify.annotations.NullMarked;
