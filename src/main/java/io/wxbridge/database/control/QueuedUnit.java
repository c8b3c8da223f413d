package io.wxbridge.database.control;

import java.sql.Connection;
import java.sql.SQLException;
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
   * Runs the unit; a caller who may not wait for the commit gets its result at once.
   *
   * @return its failure (not rolled back yet, its caller not told yet), or null
   */
  SQLException apply(Connection connection) {
    try {
      value = work.apply(connection);
    } catch (SQLException failure) {
      return failure;
    }
    if (early) {
      result.complete(value);
    }
    return null;
  }

  /** Its failure, undone by the writer, goes to its caller. */
  void failed(SQLException failure) {
    result.completeExceptionally(failure);
  }

  void committed() {
    result.complete(value);
  }
}
