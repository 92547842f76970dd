package dev.campaigns.orchestrator.campaign;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * A recipient with its audit trail, oldest decision first (API.md "recipient" plus
 * {@code history}), and its call attempts, first first, each with the connection it was placed on.
 */
public record RecipientDetail(@JsonUnwrapped RecipientView recipient, List<RecipientDecision> history,
		List<RecipientCall> calls) {

}
