/**
 * Read models over Postgres: campaign reports, CSV export and the admin web page. Never writes domain tables.
 */
@NullMarked
package dev.campaigns.orchestrator.report;

import org.jspecify.annotations.NullMarked;
