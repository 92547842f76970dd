/**
 * Webhook subscriptions and signed deliveries, fed from an outbox so that notification never blocks the calling flow.
 */
@NullMarked
package dev.campaigns.orchestrator.notify;

import org.jspecify.annotations.NullMarked;
