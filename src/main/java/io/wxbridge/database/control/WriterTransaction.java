package io.wxbridge.database.control;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * {@link GroupCommit}'s writer's open transaction: the units run in it and not committed yet, when
 * to commit work that may wait for its commit, and what failed commits lost ({@link
 * WorkToRunAgain}). Only the writer's thread changes it.
 */
final class WriterTransaction {
  private static final Logger LOG = Logger.getLogger(WriterTransaction.class.getName());

  private final WriterConnection connection = new WriterConnection();
  private final List<QueuedUnit<?>> uncommitted = new ArrayList<>();
  private final WorkToRunAgain runAgain = new WorkToRunAgain();
  private final AtomicLong commits = new AtomicLong();

  /** System.nanoTime() by which work run before its commit is committed, if any waits. */
  private long commitBy;

  /** System.nanoTime() when the writer last finished a unit or a commit. */
  private volatile long progress = System.nanoTime();

  /** Bounds the writer connection's lock waits (PostgreSQL only). */
  void limitLockWaits(long millis) {
    connection.limitLockWaits(millis);
  }

  long progress() {
    return progress;
  }

  long commits() {
    return commits.get();
  }

  /** Runs the unit in this transaction (a unit that fails alone is undone and answered). */
  void run(QueuedUnit<?> unit) throws SQLException {
    if (connection.isOpenOnAnotherThan(unit.db) || uncommitted.size() >= GroupCommit.MAX_BATCH) {
      // what ran on the previous database (it was replaced meanwhile), or as many savepoints as
      // PostgreSQL keeps cheaply: work left uncommitted by earlier batches, and a whole batch
      commit();
    }
    if (unit.runOn(connection.to(unit.db), uncommitted.isEmpty(), GroupCommit.SAVEPOINT)) {
      uncommitted.add(unit);
    }
    progress = System.nanoTime();
  }

  /**
   * Commits now when a caller waits for it; work that may wait for its commit waits at most {@code
   * latestCommitMillis} for more work to share it with, and no more than a batch of it: a backlog
   * of such work alone (a batch after another, carried over) never lets the writer idle, where it
   * would otherwise be committed.
   */
  void commitWhenWaitedFor(long latestCommitMillis) throws SQLException {
    if (uncommitted.isEmpty()) {
      return;
    }
    long now = System.nanoTime();
    if (commitBy == 0) {
      commitBy = now + TimeUnit.MILLISECONDS.toNanos(latestCommitMillis);
    }
    if (now - commitBy >= 0
        || uncommitted.size() >= GroupCommit.MAX_BATCH
        || uncommitted.stream().anyMatch(unit -> !unit.early)) {
      commit();
    }
  }

  /** Nanoseconds the writer may wait for new work, at most {@code longest}. */
  long nanosToWait(long longest) {
    long wait = uncommitted.isEmpty() ? longest : Math.min(longest, commitBy - System.nanoTime());
    return runAgain.nanosUntilDue(wait);
  }

  /** With no new work: what failed commits lost, and work whose commit waited long enough. */
  void idle() {
    if (runAgain.due()) {
      runKept();
    }
    if (!uncommitted.isEmpty() && System.nanoTime() - commitBy >= 0) {
      commitOrClose();
    }
  }

  /**
   * What failed commits lost, in a transaction of its own: failing again (the database is still
   * unreachable, or the work itself fails), it fails no new caller's work.
   */
  void runKept() {
    if (runAgain.isEmpty()) {
      return;
    }
    try {
      for (QueuedUnit<?> lost : runAgain.units()) {
        run(lost);
        runAgain.ran(lost); // held by the transaction now (a failure gives it back)
      }
      commit();
    } catch (SQLException | RuntimeException failure) {
      LOG.fine(() -> "Database work run again failed: " + failure);
      close();
    }
  }

  /** The writer stops: a last try for what a failed commit lost, and the open work committed. */
  void finish() {
    if (runAgain.due()) {
      runKept(); // unless the last try failed just now
    }
    commitOrClose();
    runAgain.giveUp();
    close();
  }

  private void commitOrClose() {
    if (uncommitted.isEmpty() || !connection.isOpen()) {
      return;
    }
    try {
      commit();
    } catch (SQLException failure) {
      // only work run before its commit waited: its callers were answered; it is run again
      LOG.warning(() -> "Database work failed; the connection is replaced: " + failure);
      close();
    } catch (RuntimeException unexpected) {
      WriterConnection.logReplaced(unexpected);
      close();
    }
  }

  private void commit() throws SQLException {
    if (uncommitted.isEmpty()) {
      return;
    }
    connection.commit();
    progress = System.nanoTime();
    commits.incrementAndGet();
    uncommitted.forEach(QueuedUnit::committed);
    uncommitted.clear();
    commitBy = 0;
  }

  /**
   * Rolls back and closes the connection after a failure: what a caller waits for fails with its
   * batch (whoever failed answers it); work run before its commit is kept to run again.
   */
  void close() {
    runAgain.keep(uncommitted);
    uncommitted.clear();
    commitBy = 0;
    connection.close();
  }
}
