package io.wxbridge.inbox.entity;

/** What became of one try to send a late reply to the follower as a customer-service message. */
public enum ReplySend {
  /** WeChat took it (errcode 0), or Udesk's answer had nothing to send. */
  SENT,
  /** WeChat answered with an error about the message (e.g. 45015, outside the 48-hour window). */
  REFUSED,
  /**
   * No conclusive answer: WeChat's API unreachable or busy (-1, 5xx) after its retries, or no
   * token; tried again later.
   */
  UNANSWERED
}
