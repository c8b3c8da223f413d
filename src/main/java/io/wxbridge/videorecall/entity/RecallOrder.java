package io.wxbridge.videorecall.entity;

import java.util.Optional;

/**
 * What the enterprise's system asks for: a QR code for one follower, optionally sent to them.
 *
 * @param openid the follower's OpenID in the account named by the path
 * @param callTimes calls the QR code allows, -1 = unlimited
 * @param customChannel the customer's own channel, for Udesk's video routing
 * @param send whether the bridge also sends the QR image to the follower
 * @param sdkAppId the video mini-program's sdkAppId, when the caller gives it (seed 002's body);
 *     else the account's video-sdk-app-id
 * @param offiAccountId the account's id as Udesk knows it, when the caller gives it; else the
 *     account's official-account-id
 */
public record RecallOrder(
    String openid,
    int callTimes,
    Optional<String> customChannel,
    boolean send,
    Optional<String> sdkAppId,
    Optional<String> offiAccountId) {

  /** An order that leaves sdkAppId and offiAccountId to the account's configuration. */
  public RecallOrder(String openid, int callTimes, Optional<String> customChannel, boolean send) {
    this(openid, callTimes, customChannel, send, Optional.empty(), Optional.empty());
  }
}
