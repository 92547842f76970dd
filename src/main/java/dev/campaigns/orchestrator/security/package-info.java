/**
 * API keys (stored as hashes only), tenants and roles for the public API.
 */
@NullMarked
package dev.campaigns.orchestrator.security;

import org.jspecify.annotations.NullMarked;
