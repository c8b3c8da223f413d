package io.wxbridge.database.control;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Work run before its commit ({@link GroupCommit#runBeforeCommit}) whose commit failed: its caller
 * was answered and went on, so the writer runs it again, in a transaction of its own before its
 * next work, or alone a second later, until it is committed, its window is over (30 s, or what its
 * caller gave), or it failed {@value #MAX_RERUNS} times itself, at least a second apart. Why: a
 * push's outcome (Udesk took it) lost with a failed commit left the push leased, and after the
 * lease it reached Udesk, and its reply the follower, a second time (a probe stopped PostgreSQL
 * 10-20 ms after Udesk's answers). Such work must be safe to run twice: a commit reported failed
 * may have gone through. Only the writer's thread uses this.
 */
final class WorkToRunAgain {
  private static final Logger LOG = Logger.getLogger(WorkToRunAgain.class.getName());

  /** With no other work to join, it is tried again this much later. */
  static final long RETRY_MILLIS = 1_000;

  /** How long work is run again unless its caller says otherwise. */
  static final long WINDOW_MILLIS = 30_000;

  /** Runs again that failed, not for the database being unreachable, before it is given up. */
  static final int MAX_RERUNS = 5;

  private final List<QueuedUnit<?>> units = new ArrayList<>();

  /** System.nanoTime() when to try again, if no other work comes first. */
  private long dueAt;

  /**
   * Keeps the early units of a transaction that was rolled back (or could not begin), in the order
   * they first ran, and gives up on those whose window is over or that failed too often.
   */
  void keep(List<QueuedUnit<?>> rolledBack) {
    for (QueuedUnit<?> unit : rolledBack) {
      if (unit.early && !units.contains(unit)) {
        units.add(unit);
      }
    }
    units.sort(Comparator.comparingLong(unit -> unit.queuedAt));
    long now = System.nanoTime();
    List<QueuedUnit<?>> over =
        units.stream()
            .filter(unit -> now - unit.runAgainUntil > 0 || unit.reruns >= MAX_RERUNS)
            .toList();
    units.removeAll(over);
    over.forEach(WorkToRunAgain::lost);
    dueAt = now + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS);
    if (!units.isEmpty()) {
      LOG.log(Level.FINE, "{0} units of database work to run again", units.size());
    }
  }

  /**
   * What to run again, oldest first, at most a batch (a copy: each leaves once it ran, see {@link
   * #ran}).
   */
  List<QueuedUnit<?>> units() {
    return List.copyOf(units.subList(0, Math.min(units.size(), GroupCommit.MAX_BATCH)));
  }

  /** It ran in the current transaction: held there, not here. */
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
    units.forEach(WorkToRunAgain::lost);
    units.clear();
  }

  private static void lost(QueuedUnit<?> unit) {
    LOG.log(
        Level.WARNING,
        "Database work run before its commit is lost: its commit failed ({0}); an inbox outcome "
            + "is then delivered again once its push's lease runs out",
        unit.rerunFailure != null ? unit.rerunFailure : "the database was unreachable");
  }
}
