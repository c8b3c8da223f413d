package io.wxbridge.database.control;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * {@link GroupCommit}'s writer's one connection (only its thread uses it): opened on first use
 * without auto-commit, replaced when the database is (the inbox found another one), rolled back and
 * closed after a failure. On PostgreSQL its lock waits are bounded (lock_timeout, for the session):
 * a follower's row another instance holds past that (an instance cut off mid-transaction) fails
 * that one unit with {@link BridgeDatabase#LOCK_NOT_AVAILABLE}, a conflict the inbox stays on for,
 * instead of the network timeout aborting the connection with the whole batch and turning the inbox
 * off.
 */
final class WriterConnection {
  private static final Logger LOG = Logger.getLogger(WriterConnection.class.getName());

  private DataSource source;
  private Connection connection;
  private long lockWaitMillis;
  private boolean lockWaitsLimited;

  /** Bounds the lock waits of connections opened from now on (PostgreSQL only). */
  void limitLockWaits(long millis) {
    lockWaitMillis = millis;
  }

  Connection to(DataSource db) throws SQLException {
    if (isOpenOnAnotherThan(db)) {
      close();
    }
    if (connection == null) {
      connection = db.getConnection();
      source = db;
      lockWaitsLimited =
          lockWaitMillis > 0
              && "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
      if (lockWaitsLimited) {
        // in autocommit, so that no rolled-back transaction takes the setting back with it
        connection.setAutoCommit(true);
        try (Statement set = connection.createStatement()) {
          set.execute("SET lock_timeout = " + lockWaitMillis);
        }
      }
      connection.setAutoCommit(false);
    }
    return connection;
  }

  boolean isOpen() {
    return connection != null;
  }

  boolean isOpenOnAnotherThan(DataSource db) {
    return connection != null && source != db;
  }

  void commit() throws SQLException {
    connection.commit();
  }

  /**
   * Logs why the connection is replaced after a failure outside the units' own work: one line, with
   * the cause under a pool proxy's reflection wrappers, for a connection the server closed; with
   * its stack trace for anything else (a bug).
   */
  static void logReplaced(RuntimeException unexpected) {
    Throwable cause = unexpected;
    while ((cause instanceof UndeclaredThrowableException
            || cause instanceof InvocationTargetException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof SQLException database) {
      LOG.warning(() -> "Database work failed; the connection is replaced: " + database);
    } else {
      LOG.log(Level.WARNING, "Database work failed; the connection is replaced", unexpected);
    }
  }

  void close() {
    if (connection != null) {
      try (Connection broken = connection) { // back to the pool even when its rollback fails
        broken.rollback();
        if (lockWaitsLimited) { // the pool's other users keep their own lock waits
          broken.setAutoCommit(true);
          try (Statement reset = broken.createStatement()) {
            reset.execute("RESET lock_timeout");
          }
        }
      } catch (SQLException | RuntimeException alreadyBroken) {
        LOG.log(Level.FINE, "closing a failed database connection", alreadyBroken);
      }
      connection = null;
      source = null;
    }
  }
}
