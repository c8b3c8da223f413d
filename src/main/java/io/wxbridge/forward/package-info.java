/**
 * Forwarding a WeChat push to the account's Udesk message URL within WeChat's deadline: owns the
 * delivery attempt, its typed outcome and the event fired for a push that did not get there. May
 * call: {@code outbound} (its one REST client mechanism) and {@code accounts}.
 */
package io.wxbridge.forward;
