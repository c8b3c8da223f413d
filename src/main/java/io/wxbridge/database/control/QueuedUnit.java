package io.wxbridge.database.control;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.concurrent.CompletableFuture;
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
  private T value;

  /** Its caller went on without the database: it is never run. */
  volatile boolean abandoned;

  QueuedUnit(DataSource db, GroupCommit.Work<T> work, boolean early) {
    this.db = db;
    this.work = work;
    this.early = early;
  }

  /**
   * Runs the unit behind a savepoint, or behind none as its transaction's first (a rollback then
   * undoes it alone: one statement less per transaction); a failure is undone and goes to its
   * caller.
   *
   * @return whether it ran (and awaits its commit)
   */
  boolean runOn(Connection connection, boolean first, String savepoint) throws SQLException {
    Savepoint before = first ? null : connection.setSavepoint(savepoint);
    try {
      apply(connection);
      return true;
    } catch (SQLException failure) {
      if (before == null) {
        connection.rollback();
      } else {
        connection.rollback(before);
      }
      result.completeExceptionally(failure);
      return false;
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
}
