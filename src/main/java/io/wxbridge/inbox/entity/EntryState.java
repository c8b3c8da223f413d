package io.wxbridge.inbox.entity;

/** Where a push stands in the inbox (column {@code inbox_push.state}). */
public enum EntryState {
  /** Not with Udesk yet: waiting for its next attempt ({@code next_attempt_at}). */
  PENDING,
  /**
   * An instance is handing it to Udesk and holds the lease; when the lease runs out another takes
   * over.
   */
  SENDING,
  /** Udesk took it; its answer is stored for WeChat's retries. */
  DELIVERED,
  /** Older than bridge.inbox.max-age and never taken: kept and reported, no longer attempted. */
  EXPIRED
}
