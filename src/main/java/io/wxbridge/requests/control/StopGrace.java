package io.wxbridge.requests.control;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A stop's wait for the work in flight, bounded by its deadline only. An interrupt does not end it:
 * Payara Micro stops the application on a pooled thread of its own (HK2's run-level threads) that
 * may be interrupted meanwhile, and in a probe (2026-12-04, PostgreSQL, 5 of 22 stops) the wait
 * then ended at once, the database closed under the deliveries in flight, and Udesk got those
 * pushes a second time after the lease. The interrupt is kept for the caller.
 */
public final class StopGrace {
  private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();

  private StopGrace() {}

  /**
   * Waits until {@code finished} or {@code deadlineNanos} (System.nanoTime()) has passed.
   *
   * @return whether it finished
   */
  public static boolean await(BooleanSupplier finished, long deadlineNanos) {
    boolean interrupted = false;
    try {
      while (!finished.getAsBoolean()) {
        if (deadlineNanos - System.nanoTime() <= 0) {
          return false;
        }
        LockSupport.parkNanos(POLL_NANOS);
        interrupted |= Thread.interrupted(); // cleared: a set flag would end every park at once
      }
      return true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
