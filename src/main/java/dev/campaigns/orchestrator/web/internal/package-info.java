/**
 * The OpenAPI document's additions to what springdoc reads from the controllers.
 */
@NullMarked
package dev.campaigns.orchestrator.web.internal;

import org.jspecify.annotations.NullMarked;
