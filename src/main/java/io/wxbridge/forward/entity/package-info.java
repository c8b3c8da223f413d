/**
 * What the bridge forwards to Udesk and what became of it: a forwarded push, the typed outcome of
 * one delivery attempt, and the event fired when a push did not reach Udesk (the hook for a later
 * store-and-forward).
 */
package io.wxbridge.forward.entity;
