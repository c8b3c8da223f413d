package io.wxbridge.inbox.control;

import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.forward.entity.UdeskDelivery;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells a push Udesk will never take from Udesk being away: a push is poisoned once Udesk refused
 * it for itself ({@link UdeskDelivery#refusedForItself}) at this many attempts in a row on this
 * instance, while Udesk took another push of the account sent after the first of those refusals.
 * Any other outcome of the push starts its count anew. In memory, so a restart or another instance
 * only ever makes it later, never sooner; at most {@link #TRACKED_AT_MOST} pushes are counted (a
 * Udesk refusing everything would otherwise grow it with the inbox).
 */
final class PoisonedPushes {
  static final int TRACKED_AT_MOST = 100_000;

  private record Refusals(int count, long firstSentAt) {}

  private final Map<AppId, Long> lastTakenSentAt = new ConcurrentHashMap<>();
  private final Map<Long, Refusals> refusals = new ConcurrentHashMap<>();

  /**
   * @param sentAt when this attempt was sent (epoch ms)
   * @param limit bridge.inbox.refusals-before-expiry
   * @return whether the push is poisoned: to expire now
   */
  boolean poisoned(AppId app, long pushId, UdeskDelivery outcome, long sentAt, int limit) {
    if (outcome.taken()) {
      lastTakenSentAt.merge(app, sentAt, Math::max);
      refusals.remove(pushId);
      return false;
    }
    if (!outcome.refusedForItself()
        || !refusals.containsKey(pushId) && refusals.size() >= TRACKED_AT_MOST) {
      refusals.remove(pushId);
      return false;
    }
    Refusals counted =
        refusals.merge(
            pushId,
            new Refusals(1, sentAt),
            (earlier, now) -> new Refusals(earlier.count() + 1, earlier.firstSentAt()));
    boolean poisoned =
        counted.count() >= limit
            && lastTakenSentAt.getOrDefault(app, Long.MIN_VALUE) > counted.firstSentAt();
    if (poisoned) {
      refusals.remove(pushId);
    }
    return poisoned;
  }

  /** The push is settled otherwise (expired for its age): nothing more to count. */
  void forget(long pushId) {
    refusals.remove(pushId);
  }
}
