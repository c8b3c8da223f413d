package io.wxbridge.inbox.entity;

import java.time.Duration;
import java.util.Optional;

/**
 * One account's inbox as an operator sees it.
 *
 * @param pending pushes not yet attempted again after being recorded (including those waiting
 *     behind an earlier push of their follower)
 * @param retrying pending pushes that have failed at least once, or whose attempt's lease ran out
 *     (its instance died, or could not record the outcome) and that another attempt took over
 * @param expired pushes given up after bridge.inbox.max-age (kept until re-queued or deleted)
 * @param oldestPending the age of the oldest pending or retrying push
 * @param lastUdeskError the last failure of the pending push attempted most recently, e.g. "refused
 *     (HTTP 500)"
 * @param unsentReplies late replies Udesk gave that are still to go to their followers as
 *     customer-service messages (being sent, or waiting to be tried again)
 */
public record AccountInboxCounts(
    String appId,
    long pending,
    long retrying,
    long expired,
    Optional<Duration> oldestPending,
    Optional<String> lastUdeskError,
    long unsentReplies) {}
