/**
 * Follows every triggered call to its final status before the provider forgets it: polling, status history, retention deadlines, and the outcome that decides retry or finish. Never triggers calls.
 */
@NullMarked
package dev.campaigns.orchestrator.status;

import org.jspecify.annotations.NullMarked;
