package io.wxbridge.outbound.control;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads that several bounded pools share: each account's Udesk forwards have a pool of their own
 * (a hanging Udesk URL holds its threads, no other account's), but every account of a company
 * usually forwards to one Udesk, and when it hangs, their pools together would hold their bound
 * each. Each sharing pool keeps a place for one thread of its own, so that no account is ever left
 * without a thread; its further threads take places from this budget ({@link ThreadsOnDemand}). The
 * sharing pools together so hold at most one thread each plus the budget's limit. A place is given
 * back when its thread ends.
 *
 * <p>A thread whose start failed after it was made (the JVM out of native threads) keeps its place,
 * its pool's own one too: the budget then errs towards fewer threads, never more, and such a pool
 * may be left with tasks waiting for a thread until another of its threads ends.
 */
public final class ThreadBudget {
  private final int limit;
  private final AtomicInteger taken = new AtomicInteger();

  /**
   * @param limit at least 0: the threads beyond each pool's own first one
   */
  public ThreadBudget(int limit) {
    this.limit = Math.max(0, limit);
  }

  public int limit() {
    return limit;
  }

  /** The budget's places taken now, by threads alive or being made. */
  public int taken() {
    return taken.get();
  }

  /** No place left for a pool's further thread now. */
  public boolean exhausted() {
    return taken.get() >= limit;
  }

  /**
   * {@code threads} for one pool: its first thread in its own place, any other only while the
   * budget has a place (null, no thread, otherwise); {@code placeFreed} runs on each of its threads
   * that ends, once its place is free again.
   */
  ThreadFactory forPool(ThreadFactory threads, Runnable placeFreed) {
    AtomicBoolean ownPlace = new AtomicBoolean();
    return task -> {
      Runnable giveBack;
      if (ownPlace.compareAndSet(false, true)) {
        giveBack = () -> ownPlace.set(false);
      } else if (tryTake()) {
        giveBack = taken::decrementAndGet;
      } else {
        return null;
      }
      Thread thread = null;
      try {
        thread =
            threads.newThread(
                () -> {
                  try {
                    task.run();
                  } finally {
                    giveBack.run();
                    placeFreed.run();
                  }
                });
        return thread;
      } finally {
        if (thread == null) { // refused or failed: no thread will give the place back
          giveBack.run();
        }
      }
    };
  }

  private boolean tryTake() {
    int now;
    do {
      now = taken.get();
      if (now >= limit) {
        return false;
      }
    } while (!taken.compareAndSet(now, now + 1));
    return true;
  }
}
