package dev.campaigns.sandbox;

/** What checking a trigger body gives: the call to place, or why it is refused. */
sealed interface TriggerCheck permits CallRequest, Rejection {

}
