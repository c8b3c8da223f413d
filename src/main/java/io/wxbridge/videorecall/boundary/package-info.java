/**
 * Video recall: the enterprise's own systems ask the bridge for a follower's video mini-program QR
 * code (signed call to Udesk's video API), and optionally have it sent to the follower as an image
 * customer-service message. The template messages that open the mini-program are relayed by the
 * Udesk face (package relay).
 */
package io.wxbridge.videorecall.boundary;
