package io.wxbridge.inbox.entity;

import io.wxbridge.accounts.entity.AppId;

/**
 * Fired (CDI event) where the inbox decides something about a push that the metrics count. Fired
 * after the decision is acted on, so an observer cannot delay or prevent it.
 */
public record InboxEvent(AppId appId, Kind kind) {

  public enum Kind {
    /** A retry of a push the inbox already holds (from any instance): not forwarded again. */
    RETRY_RECOGNISED,
    /** Udesk answered a first attempt after WeChat's deadline: its reply goes out separately. */
    LATE_REPLY,
    /** A redelivery Udesk took. */
    REDELIVERED,
    /** A redelivery Udesk did not take: pending again, with back-off. */
    REDELIVERY_FAILED,
    /** A push older than bridge.inbox.max-age that Udesk never took: kept, never sent again. */
    EXPIRED
  }
}
