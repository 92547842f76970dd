/**
 * HTTP plumbing shared by the modules, with no business rule: outbound exchanges bounded in time and size.
 */
@NullMarked
package dev.campaigns.orchestrator.web;

import org.jspecify.annotations.NullMarked;
