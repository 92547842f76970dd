/**
 * Shared rate budgets (global, per campaign, status requests): a pure core that hands every granted request its own send instant (GCRA, virtual scheduling), and one SQL edge that keeps each budget's state in PostgreSQL for every replica. Knows nothing of what it limits.
 */
@NullMarked
package dev.campaigns.orchestrator.ratelimit;

import org.jspecify.annotations.NullMarked;
