package io.wxbridge.inbox.entity;

/** What the replay guard says about a plaintext push's (timestamp, nonce, signature). */
public enum ReplayVerdict {
  /** Never seen: go on. */
  FIRST,
  /** Seen before with the same body: a genuine retry by WeChat, answered as such. */
  RETRY,
  /**
   * Seen before with another body: someone reused a signed query (the signature does not cover the
   * body).
   */
  OTHER_BODY,
  /** The timestamp is further than bridge.push.max-clock-skew from the bridge's clock. */
  STALE,
  /** The replay records are unreachable: only the clock-skew check applied. */
  UNCHECKED
}
