package io.wxbridge.inbox.entity;

/**
 * What the inbox knew about a push when it was recorded: new (and whether it may go to Udesk now or
 * must wait behind an earlier push of the same follower), or seen before, with where it stands.
 *
 * @param answer Udesk's stored answer when {@code state} is DELIVERED; else empty
 * @param answeredSeparately the answer goes (or went) to the follower as a customer-service message
 *     (it came after WeChat's deadline): a retry must not deliver it a second time as a passive
 *     reply
 */
public record RecordedPush(
    Kind kind, InboxEntry entry, EntryState state, byte[] answer, boolean answeredSeparately) {

  public enum Kind {
    /** Recorded now, with this instance's lease: forward it. */
    NEW,
    /**
     * Recorded now, but an earlier push of the follower is not with Udesk yet: it waits its turn.
     */
    QUEUED,
    /**
     * Recorded now, pending: Udesk refused the last pushes, or the account's forwards were all busy
     * and their queue full (a hanging Udesk), so it is not tried now; redelivery hands it over.
     */
    HELD,
    /**
     * Recorded before (a retry by WeChat, on this instance or another, before or after a restart).
     */
    SEEN
  }
}
