/**
 * When may a recipient be called: calling windows, time-zone resolution and the next eligible instant. Pure functions over a Clock; no HTTP, no persistence.
 */
@NullMarked
package dev.campaigns.orchestrator.schedule;

import org.jspecify.annotations.NullMarked;
