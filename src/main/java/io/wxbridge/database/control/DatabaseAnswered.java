package io.wxbridge.database.control;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Failures that prove the database answers, so the inbox stays on: a unit the busy writer did not
 * begin in time ({@link WriterBusyException}), and work that met another instance's ({@link
 * BridgeDatabase#raced}, or a lock not granted in time), which is run again or left to its lease.
 * Turning the inbox off for them made the instance forward pushes unrecorded until the next try.
 * Each kind is said at most once a minute: one that comes with every push (a writer too slow for
 * the load, an id sequence behind its table after a restore) must reach the administrator, not
 * flood the log.
 */
final class DatabaseAnswered {
  private static final Logger LOG = Logger.getLogger(BridgeDatabase.class.getName());

  private final OnceAMinute busyWriter = new OnceAMinute();
  private final OnceAMinute conflict = new OnceAMinute();

  /** True (and logged, at most once a minute) when the failure is one of these. */
  boolean explains(SQLException failure) {
    if (failure instanceof WriterBusyException) {
      if (busyWriter.due()) {
        LOG.warning(
            "The inbox's writer is behind: requests that waited bridge.inbox.database-timeout for"
                + " it to begin their work went on without the inbox (pushes forwarded unrecorded),"
                + " or encrypted pushes' replay records were not queued behind a full queue (kept in"
                + " this instance's memory only); the database answers, too slowly for the load");
      }
      return true;
    }
    if (BridgeDatabase.raced(failure)
        || BridgeDatabase.LOCK_NOT_AVAILABLE.equals(failure.getSQLState())) {
      if (conflict.due()) {
        LOG.log(
            Level.WARNING,
            "Inbox work met a conflict on the database (SQLState {0}: {1}); the inbox stays on, and"
                + " the work is run again or left to its lease. Between instances now and then this"
                + " is normal; on every push, check the inbox tables (an id sequence behind its table)",
            new Object[] {failure.getSQLState(), failure.getClass().getSimpleName()});
      }
      return true;
    }
    return false;
  }

  /** True at most once a minute. */
  private static final class OnceAMinute {
    private final AtomicLong last = new AtomicLong(System.nanoTime() - TimeUnit.MINUTES.toNanos(2));

    boolean due() {
      long now = System.nanoTime();
      long before = last.get();
      return now - before > TimeUnit.MINUTES.toNanos(1) && last.compareAndSet(before, now);
    }
  }
}
