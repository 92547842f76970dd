/**
 * Provider connections as data: each tenant's admins store the PolyAI connections (dialect, base
 * URL, credential, limits) their campaigns may use; the credential is encrypted at rest and never
 * shown. The connection of {@code orchestrator.provider.*} stays the default.
 */
@NullMarked
package dev.campaigns.orchestrator.connection;

import org.jspecify.annotations.NullMarked;
