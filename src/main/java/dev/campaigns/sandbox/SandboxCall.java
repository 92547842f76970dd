package dev.campaigns.sandbox;

/**
 * One call the sandbox placed.
 *
 * @param callSid the call's real id ({@code OUT-<uuid>}), even when a fault mangled the id
 * in the response
 * @param dialect the API it was triggered through; other dialects do not know it
 * @param scope the agent, or account and project, it was triggered under, which its status
 * requests must repeat
 * @param path the trigger's path below {@code /sandbox/polyai}, as it came (e.g.
 * {@code /v1/agents/agent-a/telephony/outbound-calls})
 * @param credential the {@link SandboxConnections#fingerprint(String) fingerprint} of the
 * credential the trigger came with, never the credential itself
 * @param request what was asked for
 * @param timeline how the call goes
 */
record SandboxCall(String callSid, Dialect dialect, CallScope scope, String path, String credential,
		CallRequest request, CallTimeline timeline) {

}
