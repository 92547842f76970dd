package dev.campaigns.sandbox;

/**
 * One call the sandbox placed.
 *
 * @param callSid the call's real id ({@code OUT-<uuid>}), even when a fault mangled the id
 * in the response
 * @param dialect the API it was triggered through; other dialects do not know it
 * @param scope the agent, or account and project, it was triggered under, which its status
 * requests must repeat
 * @param request what was asked for
 * @param timeline how the call goes
 */
record SandboxCall(String callSid, Dialect dialect, CallScope scope, CallRequest request, CallTimeline timeline) {

}
