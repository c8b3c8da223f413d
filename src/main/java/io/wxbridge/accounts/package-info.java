/**
 * The official accounts the bridge serves, read from MicroProfile Config (bridge.accounts and
 * bridge.account.&lt;appid&gt;.*): owns their validation, the start-up report and the health check.
 * Calls no other feature; every feature that serves an account uses it.
 */
package io.wxbridge.accounts;
