package io.wxbridge.requests.control;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A stop's wait for the work in flight, bounded by its deadline only: an interrupt of the stopping
 * thread (Payara stops the application on a pooled thread of its own) does not end it; the
 * interrupt is kept for the caller. Its users run it once at start (Payara loads no class of the
 * application once the stop has begun: InboxWork.awaitIdle).
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
