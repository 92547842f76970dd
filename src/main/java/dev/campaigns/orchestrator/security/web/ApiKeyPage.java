package dev.campaigns.orchestrator.security.web;

import java.util.List;

/** A page of keys, in the shape API.md gives every page. */
record ApiKeyPage(List<ApiKeyView> items, int page, int size, long totalItems) {
}
