package io.wxbridge.inbox.control;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.database.control.BridgeDatabase;
import io.wxbridge.testing.PostgresDatabases;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** {@link InboxStoreTest} on a real PostgreSQL that the test starts itself. */
class InboxStorePostgresTest extends InboxStoreTest {
  private static final PostgresDatabases POSTGRES = new PostgresDatabases("inbox");

  @Override
  DataSource dataSource() {
    setCloser(() -> {});
    return POSTGRES.create().dataSource();
  }

  /** PostgreSQL names the backends each backend waits for (pg_blocking_pids). */
  @Override
  boolean waitsFor(Connection holder, Connection observer, String statement) throws SQLException {
    int holderPid;
    try (var pid = holder.createStatement();
        var row = pid.executeQuery("SELECT pg_backend_pid()")) {
      row.next();
      holderPid = row.getInt(1);
    }
    try (var waiting =
        observer.prepareStatement(
            "SELECT COUNT(*) FROM pg_stat_activity "
                + "WHERE ? = ANY(pg_blocking_pids(pid)) AND query LIKE ?")) {
      waiting.setInt(1, holderPid);
      waiting.setString(2, statement + "%");
      try (var count = waiting.executeQuery()) {
        return count.next() && count.getInt(1) > 0;
      }
    }
  }

  /**
   * Two instances' batches can lock two followers' rows in opposite orders: PostgreSQL then fails
   * one of them with a deadlock, which recording treats as a race and runs again.
   */
  @Test
  void aDeadlockBetweenTwoInstancesIsSeenAsARaceToRunAgain() throws Exception {
    DataSource db = dataSource();
    try (var setup = db.getConnection();
        var create = setup.createStatement()) {
      create.execute("CREATE TABLE lock_rows (id INT PRIMARY KEY)");
      create.execute("INSERT INTO lock_rows VALUES (1), (2)");
    }
    try (var first = db.getConnection();
        var second = db.getConnection()) {
      first.setAutoCommit(false);
      second.setAutoCommit(false);
      lock(first, 1);
      lock(second, 2);
      var crossing =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  lock(first, 2);
                  return null;
                } catch (SQLException e) {
                  return e;
                }
              });
      SQLException victim = null;
      try {
        lock(second, 1);
      } catch (SQLException e) {
        victim = e;
      }
      if (victim == null) {
        second.rollback();
        victim = crossing.get(10, TimeUnit.SECONDS);
      } else {
        second.rollback();
        crossing.get(10, TimeUnit.SECONDS);
      }
      first.rollback();
      assertNotNull(victim, "one of the two is the victim");
      assertTrue(
          BridgeDatabase.raced(victim), "SQLState " + victim.getSQLState() + " is run again");
    }
  }

  private static void lock(Connection connection, int id) throws SQLException {
    try (var select =
        connection.prepareStatement("SELECT id FROM lock_rows WHERE id = ? FOR UPDATE")) {
      select.setInt(1, id);
      select.executeQuery().close();
    }
  }

  @AfterAll
  static void stop() throws IOException {
    POSTGRES.close();
  }
}
