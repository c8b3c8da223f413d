package io.wxbridge.inbox.control;

import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.forward.entity.UdeskDelivery;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells a push Udesk will never take from Udesk being away: a push is poisoned once Udesk refused
 * it for itself ({@link UdeskDelivery#refusedForItself}) at this many attempts in a row on this
 * instance, while Udesk took another push of the account sent after the first of those refusals had
 * come back (so not one that was already on its way when Udesk began to refuse everything). Any
 * other outcome of the push seen here starts its count anew. In memory: a restart only makes it
 * later. At most {@link #TRACKED_AT_MOST} pushes are counted (a Udesk refusing everything would
 * otherwise grow it with the inbox); when that many are, those refused last long ago (settled
 * elsewhere: by another instance, by age, by hand) are dropped.
 */
final class PoisonedPushes {
  static final int TRACKED_AT_MOST = 100_000;

  private record Refusals(int count, long firstRefusedAt, long lastRefusedAt) {}

  private final Map<AppId, Long> lastTakenSentAt = new ConcurrentHashMap<>();
  private final Map<Long, Refusals> refusals = new ConcurrentHashMap<>();
  private volatile long lastSweep = Long.MIN_VALUE / 2;
  private final long staleAfterMillis;

  /**
   * @param staleAfterMillis how long after its last refusal here a push's count may be dropped to
   *     make room (twice bridge.inbox.max-backoff: a push still tried here is refused again sooner)
   */
  PoisonedPushes(long staleAfterMillis) {
    this.staleAfterMillis = staleAfterMillis;
  }

  /**
   * @param sentAt when this attempt was sent (epoch ms)
   * @param answeredAt when its outcome came (epoch ms)
   * @param limit bridge.inbox.refusals-before-expiry
   * @return whether the push is poisoned: to expire now
   */
  boolean poisoned(
      AppId app, long pushId, UdeskDelivery outcome, long sentAt, long answeredAt, int limit) {
    if (outcome.taken()) {
      lastTakenSentAt.merge(app, sentAt, Math::max);
      refusals.remove(pushId);
      return false;
    }
    if (!outcome.refusedForItself() || !refusals.containsKey(pushId) && full(answeredAt)) {
      refusals.remove(pushId);
      return false;
    }
    Refusals counted =
        refusals.merge(
            pushId,
            new Refusals(1, answeredAt, answeredAt),
            (earlier, now) ->
                new Refusals(earlier.count() + 1, earlier.firstRefusedAt(), answeredAt));
    boolean poisoned =
        counted.count() >= limit
            && lastTakenSentAt.getOrDefault(app, Long.MIN_VALUE) > counted.firstRefusedAt();
    if (poisoned) {
      refusals.remove(pushId);
    }
    return poisoned;
  }

  /** The push is settled otherwise (expired for its age): nothing more to count. */
  void forget(long pushId) {
    refusals.remove(pushId);
  }

  private boolean full(long now) {
    if (refusals.size() < TRACKED_AT_MOST) {
      return false;
    }
    // once a minute at most: while all are fresh, each refusal would walk them all
    if (now - lastSweep > 60_000) {
      lastSweep = now;
      refusals.values().removeIf(counted -> now - counted.lastRefusedAt() > staleAfterMillis);
    }
    return refusals.size() >= TRACKED_AT_MOST;
  }
}
