/**
 * HTTP plumbing shared by the modules, with no business rule: outbound exchanges bounded in time and size,
 * and the shape of the API document (problem answers, {@link dev.campaigns.orchestrator.web.ProblemResponses}).
 */
@NullMarked
package dev.campaigns.orchestrator.web;

import org.jspecify.annotations.NullMarked;
