/**
 * Calls from the bridge to Udesk. Today: forwarding a WeChat push to the account's Udesk message URL
 * (Management Center → Channel Management → WeChat → URL) with a hard deadline, and reporting pushes
 * that did not get there.
 */
package io.wxbridge.udesk.control;
