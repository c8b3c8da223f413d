/**
 * Forwarding a WeChat push to the account's Udesk message URL (Management Center → Channel
 * Management → WeChat → URL) with a hard deadline, Udesk's answer read within a size bound, and the
 * pushes that did not get there reported as events. (Udesk's video QR-code API is in videorecall.)
 */
package io.wxbridge.forward.control;
