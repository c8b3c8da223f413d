package io.wxbridge.inbox.entity;

/** What became of one try to send a late reply to the follower as a customer-service message. */
public enum ReplySend {
  /** WeChat took it (errcode 0), or Udesk's answer had nothing to send. */
  SENT,
  /** WeChat answered with an error about the message (e.g. 45015, outside the 48-hour window). */
  REFUSED,
  /**
   * Not sent: WeChat's API unreachable or busy (-1) after its retries, or no token; tried again
   * later.
   */
  UNANSWERED,
  /**
   * Sent, with no conclusive answer (none in time, one that broke off, a 5xx of WeChat's gateway):
   * it may have reached the follower, so it is sent once more at most.
   */
  UNCERTAIN
}
