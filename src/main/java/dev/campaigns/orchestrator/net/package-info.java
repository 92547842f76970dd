/**
 * Which hosts a request a tenant chose the target of may reach: the address rules against
 * server-side request forgery, shared by webhooks and stored provider connections.
 */
@NullMarked
package dev.campaigns.orchestrator.net;

import org.jspecify.annotations.NullMarked;
