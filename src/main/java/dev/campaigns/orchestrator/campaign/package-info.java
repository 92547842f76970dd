/**
 * Campaigns and their recipients: ingest (JSON, CSV, append), validation, idempotency keys, and the pause/resume/cancel lifecycle. Never calls the provider.
 */
@NullMarked
package dev.campaigns.orchestrator.campaign;

import org.jspecify.annotations.NullMarked;
