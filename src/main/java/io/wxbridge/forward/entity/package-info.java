/**
 * What the bridge sends to Udesk and what became of it: a forwarded push, the typed outcome of one
 * delivery attempt, and the event fired when a push did not reach Udesk (the hook for a later
 * store-and-forward); the parameters, signature and answer of Udesk's video QR-code API.
 */
package io.wxbridge.forward.entity;
