package io.wxbridge.database.control;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Savepoint;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import javax.sql.DataSource;

/**
 * A unit of work waiting for {@link GroupCommit}'s writer, and its caller's answer: completed once
 * its commit is done, or as soon as it ran for work that may wait for its commit ({@code early}).
 */
final class QueuedUnit<T> {
  final DataSource db;
  final GroupCommit.Work<T> work;
  final CompletableFuture<T> result = new CompletableFuture<>();
  final boolean early;

  final long queuedAt = System.nanoTime();

  /** System.nanoTime() until which it is run again after a failed commit (early work only). */
  final long runAgainUntil;

  /**
   * How often it was run again after a failed commit, counting runs at least {@link
   * WorkToRunAgain#RETRY_MILLIS} apart (only the writer touches it): it runs again before each of
   * the writer's batches, and under load a database restart broke every pooled connection's run
   * within one second, so that counting each gave it up long before its window was over.
   */
  int reruns;

  /** System.nanoTime() of the last run counted in {@link #reruns}. */
  private long countedAt;

  /** Why its last run again failed, if it did (for the line when it is given up). */
  SQLException rerunFailure;

  private T value;

  private static final int QUEUED = 0;
  private static final int RUNNING = 1;
  private static final int ABANDONED = 2;

  /**
   * Queued, begun by the writer, or given up by its caller first (it went on without the database:
   * never run then): the two never both.
   */
  private final AtomicInteger phase = new AtomicInteger(QUEUED);

  /** The writer is about to run it for the first time: false when its caller gave up first. */
  boolean begin() {
    return phase.compareAndSet(QUEUED, RUNNING);
  }

  /** A request waits for it: given up when the busy writer has not begun it in time. */
  final boolean forRequest;

  QueuedUnit(DataSource db, GroupCommit.Work<T> work, boolean early, long runAgainForMillis) {
    this(db, work, early, runAgainForMillis, false);
  }

  QueuedUnit(
      DataSource db,
      GroupCommit.Work<T> work,
      boolean early,
      long runAgainForMillis,
      boolean forRequest) {
    this.db = db;
    this.work = work;
    this.early = early;
    this.runAgainUntil = queuedAt + TimeUnit.MILLISECONDS.toNanos(runAgainForMillis);
    this.forRequest = forRequest;
  }

  /**
   * Runs the unit behind a savepoint, or behind none as its transaction's first (a rollback then
   * undoes it alone: one statement less per transaction); a failure is undone and goes to its
   * caller. Run again after a failed commit (its caller was answered), a failure fails the
   * transaction instead, which keeps it for another try (a lock timeout, a failover).
   *
   * @return whether it ran (and awaits its commit)
   */
  boolean runOn(Connection connection, boolean first, String savepoint) throws SQLException {
    if (result.isDone()) {
      countRerun(System.nanoTime()); // on a connection: the database answers
    }
    Savepoint before = first ? null : connection.setSavepoint(savepoint);
    try {
      apply(connection);
      return true;
    } catch (SQLException failure) {
      if (result.isDone()) {
        rerunFailure = failure;
        throw failure;
      }
      if (before == null) {
        connection.rollback();
      } else {
        connection.rollback(before);
      }
      result.completeExceptionally(failure);
      return false;
    }
  }

  void countRerun(long now) {
    if (reruns == 0
        || now - countedAt >= TimeUnit.MILLISECONDS.toNanos(WorkToRunAgain.RETRY_MILLIS)) {
      reruns++;
      countedAt = now;
    }
  }

  private void apply(Connection connection) throws SQLException {
    value = work.apply(connection);
    if (early) {
      result.complete(value);
    }
  }

  void committed() {
    result.complete(value);
  }

  /**
   * Its caller's wait: no longer than {@code waitMillis} once the writer is stuck on the database
   * (the unit is then abandoned, and never run unless it already began), and, for a request's unit
   * while the writer moves, as long for the unit to begin (a database that answers, but too slowly
   * for the load: the queue, shared by every account, grew and every push waited as long as it,
   * past WeChat's deadline; a push waits for two units, its replay check and its record). A unit
   * that began is waited for until it is done or the writer is stuck: given up then, it might still
   * commit.
   *
   * @param progress System.nanoTime() when the writer last finished a unit or a commit
   * @throws WriterBusyException when it did not start in time (the database itself answers)
   */
  T await(long waitMillis, LongSupplier progress) throws SQLException {
    long limit = TimeUnit.MILLISECONDS.toNanos(waitMillis);
    long latestStart = queuedAt + limit;
    try {
      while (true) {
        if (result.isDone()) {
          return result.get();
        }
        long now = System.nanoTime();
        long lastProgress = progress.getAsLong();
        long stuckAt = (lastProgress - queuedAt > 0 ? lastProgress : queuedAt) + limit;
        if (now - stuckAt >= 0) {
          phase.compareAndSet(QUEUED, ABANDONED); // one that began might still commit
          throw new SQLTimeoutException(
              "the database did not answer within bridge.inbox.database-timeout ("
                  + waitMillis
                  + " ms)",
              "HYT00");
        }
        boolean waitingToStart = forRequest && phase.get() == QUEUED;
        if (waitingToStart && now - latestStart >= 0) {
          if (phase.compareAndSet(QUEUED, ABANDONED)) {
            throw new WriterBusyException(waitMillis);
          }
          continue; // the writer began it meanwhile: waited for as a begun unit
        }
        long until = waitingToStart && latestStart - stuckAt < 0 ? latestStart : stuckAt;
        try {
          return result.get(until - now, TimeUnit.NANOSECONDS);
        } catch (TimeoutException notYet) {
          // a limit may have passed: checked above
        }
      }
    } catch (ExecutionException failed) {
      if (failed.getCause() instanceof SQLException sql) {
        throw sql;
      }
      throw new SQLException("database work failed", failed.getCause());
    } catch (InterruptedException interrupted) {
      phase.compareAndSet(QUEUED, ABANDONED);
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for the database", interrupted);
    }
  }
}
