package io.wxbridge.wechatapi.entity;

/**
 * Whether repeating a WeChat call could repeat its effect for a follower. A call that may have
 * reached WeChat is only ever repeated when it cannot send a message twice.
 */
public enum RetrySafety {
  /**
   * Reads (and uploads): repeating them changes nothing a follower sees; retried within FT bounds.
   */
  IDEMPOTENT,
  /** Customer-service and template sends: retried only when WeChat provably did not send. */
  SENDS_MESSAGE
}
