/**
 * Turns due recipients into calls: claims them, holds the rate limits and concurrency caps, and writes a crash-safe attempt record before every trigger. Knows no provider dialect.
 */
@NullMarked
package dev.campaigns.orchestrator.dispatch;

import org.jspecify.annotations.NullMarked;
