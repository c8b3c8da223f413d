package io.wxbridge.forward.control;

import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.forward.entity.UdeskDelivery;
import io.wxbridge.outbound.control.ThreadBudget;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What each account's Udesk can take now: how many forwards are outstanding (calling Udesk or
 * waiting in the account's queue), and whether Udesk refused the last ones in a row. The inbox asks
 * before it hands Udesk a push: while Udesk hangs or is down, a push is kept (one commit) rather
 * than tried, refused and recorded as failed (three), and redelivery sends a probe rather than its
 * backlog.
 */
@ApplicationScoped
public class UdeskCapacity {
  /** Refusals in a row after which Udesk counts as refusing, until it takes a push again. */
  static final int REFUSALS_IN_A_ROW = 3;

  /** While Udesk refuses, a new push is tried at most this often (redelivery probes as well). */
  static final long LIVE_PROBE_EVERY_MILLIS = 1_000;

  @Inject
  @ConfigProperty(name = "bridge.udesk.max-concurrent-forwards")
  int maxConcurrentForwards;

  @Inject
  @ConfigProperty(name = "bridge.udesk.forward-queue")
  int forwardQueue;

  @Inject
  @ConfigProperty(name = "bridge.udesk.shared-forward-threads")
  int sharedForwardThreads;

  private ThreadBudget sharedThreads;

  private final ConcurrentMap<AppId, AtomicInteger> outstanding = new ConcurrentHashMap<>();
  private final ConcurrentMap<AppId, AtomicInteger> refusals = new ConcurrentHashMap<>();
  private final ConcurrentMap<AppId, AtomicLong> liveProbes = new ConcurrentHashMap<>();
  LongSupplier clock = System::currentTimeMillis;

  /** Threads of each account's forward pool (bridge.udesk.max-concurrent-forwards). */
  int threads() {
    return Math.max(1, maxConcurrentForwards);
  }

  @PostConstruct
  void shareThreads() {
    sharedThreads = new ThreadBudget(sharedForwardThreads);
  }

  /**
   * The threads the accounts' forward pools share beyond the first one each
   * (bridge.udesk.shared-forward-threads): a Udesk that the accounts share and that hangs holds at
   * most one thread of each plus these, however many accounts there are.
   */
  public ThreadBudget sharedThreads() {
    return sharedThreads;
  }

  /** Places in each account's forward queue (bridge.udesk.forward-queue). */
  int queue() {
    return Math.max(1, forwardQueue);
  }

  /** A forward was handed to the account's pool. */
  void started(AppId appId) {
    counter(outstanding, appId).incrementAndGet();
  }

  /** A forward left the pool: answered, failed, or refused by the pool. */
  void ended(AppId appId) {
    counter(outstanding, appId).decrementAndGet();
  }

  /**
   * What Udesk did with a forward: a 2xx ends a run of refusals; an unreachable Udesk or a 502, 503
   * or 504 (Udesk or its gateway down) adds to it. A 4xx or a 500 may be about that one message,
   * not about Udesk, and a hang is seen by the outstanding count: none of them is counted.
   */
  void answered(AppId appId, UdeskDelivery delivery) {
    boolean down =
        delivery.status() == UdeskDelivery.Status.UNREACHABLE
            || delivery.status() == UdeskDelivery.Status.REFUSED
                && delivery.httpStatus() >= 502
                && delivery.httpStatus() <= 504;
    if (delivery.taken()) {
      counter(refusals, appId).set(0);
    } else if (down) {
      counter(refusals, appId).incrementAndGet();
    }
  }

  /**
   * How many more forwards the account's pool would start at once: its threads not calling Udesk,
   * minus what waits in its queue. While the shared threads are all taken, an account counts on its
   * own first thread only (it may hold more, which this does not see).
   */
  public int idleForwards(AppId appId) {
    int usable = sharedThreads.exhausted() ? 1 : threads();
    return Math.max(0, usable - counter(outstanding, appId).get());
  }

  /**
   * True once {@value #REFUSALS_IN_A_ROW} forwards in a row met an unreachable Udesk or a 502, 503
   * or 504, until one is taken.
   */
  public boolean refusing(AppId appId) {
    return counter(refusals, appId).get() >= REFUSALS_IN_A_ROW;
  }

  /**
   * True when a new push should be kept, not tried: Udesk is refusing (except one new push per
   * {@value #LIVE_PROBE_EVERY_MILLIS} ms, tried as a probe, so that the first pushes after Udesk is
   * back get their passive reply in time rather than later as a customer-service message), or a
   * forward now would be refused at once (every thread of the pool calling Udesk and its queue
   * full).
   */
  public boolean holdNewPushes(AppId appId) {
    if (refusing(appId)) {
      return !liveProbeDue(appId);
    }
    return counter(outstanding, appId).get() >= threads() + queue();
  }

  private boolean liveProbeDue(AppId appId) {
    AtomicLong last = liveProbes.computeIfAbsent(appId, any -> new AtomicLong(Long.MIN_VALUE / 2));
    long now = clock.getAsLong();
    long before = last.get();
    return now - before >= LIVE_PROBE_EVERY_MILLIS && last.compareAndSet(before, now);
  }

  private static AtomicInteger counter(ConcurrentMap<AppId, AtomicInteger> counters, AppId appId) {
    return counters.computeIfAbsent(appId, any -> new AtomicInteger());
  }
}
