package dev.campaigns.orchestrator.campaign;

import java.util.List;

/** One page of a listing (API.md "a page of anything"). */
public record Page<T>(List<T> items, int page, int size, long totalItems) {

}
