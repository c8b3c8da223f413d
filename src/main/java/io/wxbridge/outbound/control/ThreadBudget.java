package io.wxbridge.outbound.control;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads that several bounded pools share: each account's Udesk forwards have a pool of their own
 * (a hanging Udesk URL holds its threads, no other account's), but every account of a company
 * usually forwards to one Udesk, and when it hangs, their pools together would hold their bound
 * each. A pool that shares a budget makes a thread only while the budget has one left ({@link
 * ThreadsOnDemand}); the place is given back when the thread ends, and each sharing pool is then
 * told, so that one left with queued work and no thread (its last thread ended just as a task was
 * queued) can make one.
 *
 * <p>A thread whose start failed after it was made (the JVM out of native threads) keeps its place:
 * the budget then errs towards fewer threads, never more.
 */
public final class ThreadBudget {
  private final int limit;
  private final AtomicInteger taken = new AtomicInteger();
  private final List<Runnable> placeFreed = new CopyOnWriteArrayList<>();

  /**
   * @param limit at least 1
   */
  public ThreadBudget(int limit) {
    this.limit = Math.max(1, limit);
  }

  public int limit() {
    return limit;
  }

  /** Threads of the sharing pools that are alive (or being made) now. */
  public int taken() {
    return taken.get();
  }

  /** No place left for another thread now. */
  public boolean exhausted() {
    return taken.get() >= limit;
  }

  /**
   * {@code threads}, but null (no thread) while no place is left; {@code placeFreed} runs whenever
   * a thread of any pool sharing the budget ended (on that thread, once its place is free again).
   */
  ThreadFactory limiting(ThreadFactory threads, Runnable placeFreed) {
    this.placeFreed.add(placeFreed);
    return task -> {
      if (!tryTake()) {
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
                    taken.decrementAndGet();
                    this.placeFreed.forEach(Runnable::run);
                  }
                });
        return thread;
      } finally {
        if (thread == null) { // refused or failed: no thread will give the place back
          taken.decrementAndGet();
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
