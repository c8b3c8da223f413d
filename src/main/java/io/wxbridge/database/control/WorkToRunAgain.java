package io.wxbridge.database.control;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Work run before its commit ({@link GroupCommit#runBeforeCommit}) whose commit failed: its caller
 * was answered and went on, so the writer runs it again in its next transaction, first, until it is
 * committed, fails on its own, or was queued more than {@value #WINDOW_MILLIS} ms ago. Why: a
 * push's outcome (Udesk took it) lost with a failed commit left the push leased, and after the
 * lease it reached Udesk, and its reply the follower, a second time (a probe stopped PostgreSQL
 * 10-20 ms after Udesk's answers). Such work must be safe to run twice: a commit reported failed
 * may have gone through. Only the writer's thread uses this.
 */
final class WorkToRunAgain {
  private static final Logger LOG = Logger.getLogger(WorkToRunAgain.class.getName());

  /** With no other work to join, it is tried again this much later. */
  static final long RETRY_MILLIS = 1_000;

  /**
   * Given up this long after it was queued: an inbox outcome is then older than the push's lease,
   * and the push is delivered again (at-least-once, docs/inbox.md).
   */
  static final long WINDOW_MILLIS = 30_000;

  /** {@value #WINDOW_MILLIS}; shorter in tests. */
  long windowMillis = WINDOW_MILLIS;

  private final List<QueuedUnit<?>> units = new ArrayList<>();

  /** System.nanoTime() when to try again, if no other work comes first. */
  private long dueAt;

  /**
   * Keeps the early units of a transaction that was rolled back (or that could not begin: the
   * database is unreachable), and gives up on those queued too long ago.
   */
  void keep(List<QueuedUnit<?>> rolledBack) {
    for (QueuedUnit<?> unit : rolledBack) {
      if (unit.early && !units.contains(unit)) {
        units.add(unit);
      }
    }
    long now = System.nanoTime();
    long tooOld = now - TimeUnit.MILLISECONDS.toNanos(windowMillis);
    int before = units.size();
    units.removeIf(unit -> unit.queuedAt - tooOld < 0);
    if (units.size() < before) {
      lost(before - units.size(), "their commits failed for " + windowMillis + " ms");
    }
    dueAt = now + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS);
    if (!units.isEmpty()) {
      LOG.log(Level.FINE, "{0} units of database work to run again", units.size());
    }
  }

  /** What to run again, oldest first (a copy: each leaves once it ran, see {@link #ran}). */
  List<QueuedUnit<?>> units() {
    return List.copyOf(units);
  }

  /** It ran in the current transaction (or failed on its own): held there, not here. */
  void ran(QueuedUnit<?> unit) {
    units.remove(unit);
  }

  boolean isEmpty() {
    return units.isEmpty();
  }

  /** Nanoseconds until it is tried again with no other work; at most {@code longest}. */
  long nanosUntilDue(long longest) {
    return units.isEmpty() ? longest : Math.min(longest, dueAt - System.nanoTime());
  }

  boolean due() {
    return !units.isEmpty() && System.nanoTime() - dueAt >= 0;
  }

  /** The writer stops: what is still here is not run again. */
  void giveUp() {
    if (!units.isEmpty()) {
      lost(units.size(), "the bridge stopped before they could be committed");
      units.clear();
    }
  }

  private static void lost(int count, String why) {
    LOG.log(
        Level.WARNING,
        "{0} units of database work run before their commit are lost: {1}; an inbox outcome among "
            + "them is delivered again once its push's lease runs out",
        new Object[] {count, why});
  }
}
