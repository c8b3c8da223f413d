/**
 * Calls from the bridge to Udesk. Today: forwarding a WeChat push to the account's Udesk message URL
 * (Management Center → Channel Management → WeChat → URL) with a hard deadline, and reporting pushes
 * that did not get there; and asking Udesk's video API for a follower's mini-program QR code
 * ({@code UdeskVideoApi}: signed with the company's Udesk appId/secret by {@code UdeskRequestSigner},
 * called through the {@code UdeskVideoClient} REST client, every failure a clear problem).
 */
package io.wxbridge.forward.control;
