/**
 * The OutboundCalls port to PolyAI, the canonical CallStatus, and one adapter per PolyAI API dialect. Knows nothing of campaigns.
 */
@NullMarked
package dev.campaigns.orchestrator.provider;

import org.jspecify.annotations.NullMarked;
