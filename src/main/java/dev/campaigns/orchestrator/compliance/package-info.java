/**
 * Who may be called and how often: the do-not-call list, per-number attempt caps, and regional calling-hour floors.
 */
@NullMarked
package dev.campaigns.orchestrator.compliance;

import org.jspecify.annotations.NullMarked;
