package io.wxbridge.videorecall.entity;

import java.util.Optional;

/**
 * What the enterprise's system asks for: a QR code for one follower, optionally sent to them.
 *
 * @param openid the follower's OpenID in the account named by the path
 * @param callTimes calls the QR code allows, -1 = unlimited
 * @param customChannel the customer's own channel, for Udesk's video routing
 * @param send whether the bridge also sends the QR image to the follower
 */
public record RecallOrder(String openid, int callTimes, Optional<String> customChannel, boolean send) {}
