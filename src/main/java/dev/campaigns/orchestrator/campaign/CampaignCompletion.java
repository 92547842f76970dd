package dev.campaigns.orchestrator.campaign;

/**
 * When a running campaign completes on its own.
 * <ul>
 * <li>{@link #WHEN_DONE}: as soon as no recipient is pending, dialling or in a call.</li>
 * <li>{@link #AT_END}: not before its {@code endAt} has passed (then as {@code WHEN_DONE}), or
 * when it is completed by hand; without an {@code endAt} only by hand. It stays open for
 * appends meanwhile, even with nothing pending, so that a daily job appends to one campaign.</li>
 * </ul>
 */
public enum CampaignCompletion {

	WHEN_DONE, AT_END

}
