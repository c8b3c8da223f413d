package io.wxbridge.database.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.enterprise.concurrent.ManagedExecutorService;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BridgeDatabaseTest {
  @TempDir Path dataDir;
  private final BridgeDatabase database = new BridgeDatabase();

  @AfterEach
  void close() {
    database.close();
  }

  /**
   * The embedded database is the one the bridge hands out for use (wrapped to bound its waits):
   * that is what the inbox asks about, so that it skips the follower lock there.
   */
  @Test
  void theEmbeddedDatabaseAsHandedOutIsExclusive() {
    configureEmbedded(database);

    DataSource handedOut = database.open().orElseThrow();

    assertTrue(database.exclusive(handedOut), "the embedded database, as ready() gives it");
    assertFalse(database.exclusive(null), "no database");
  }

  /**
   * The embedded inbox's ids come from a cache of 1024 (one chunk write saved every 32 pushes) and
   * keep rising across a restart: they order each follower's pushes. (After kill -9 H2 goes on
   * above the range it had reserved: docs/inbox.md; the kill -9 checks of BridgeIT run with it.)
   */
  @Test
  void embeddedIdsAreCachedAndKeepRisingAcrossARestart() throws Exception {
    configureEmbedded(database);
    DataSource first = database.open().orElseThrow();
    assertEquals(BridgeDatabase.EMBEDDED_IDENTITY_CACHE, identityCache(first));
    long before = insertPush(first, "k1");
    database.close();

    BridgeDatabase restarted = new BridgeDatabase();
    configureEmbedded(restarted);
    try {
      long after = insertPush(restarted.open().orElseThrow(), "k2");
      assertTrue(after > before, "id " + after + " after " + before);
    } finally {
      restarted.close();
    }
  }

  /**
   * A failure of work that was under way when the database went off does not start a new try at
   * once: the inbox stays off until the next try (1 s after the first failed one).
   */
  @Test
  void failuresReportedWhileTheInboxIsOffKeepTheWaitForTheNextTry() {
    configureEmbedded(database);
    database.executor = inline();
    database.open().orElseThrow();
    List<String> lines = new ArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord line) {
            lines.add(line.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger log = Logger.getLogger(BridgeDatabase.class.getName());
    log.addHandler(capture);
    try {
      database.close(); // unreachable from now on
      database.failed(new SQLException("connection lost", "08006"));
      assertEquals(Optional.empty(), database.ready(), "tried at once, and failed");
      database.failed(new SQLException("connection lost", "08006")); // work that was under way
      assertEquals(Optional.empty(), database.ready());
    } finally {
      log.removeHandler(capture);
    }
    assertEquals(
        1, lines.stream().filter(line -> line.startsWith("Inbox off")).count(), lines.toString());
    assertEquals(
        1, lines.stream().filter(line -> line.startsWith("The inbox database failed")).count());
  }

  /** A writer too slow for the load is no failure of the database: the inbox stays on. */
  @Test
  void workTheBusyWriterDidNotBeginLeavesTheInboxOn() {
    configureEmbedded(database);
    database.executor = inline();
    database.open().orElseThrow();
    database.failed(new WriterBusyException(2_000));
    database.failed(new WriterBusyException(2_000));
    assertTrue(database.ready().isPresent(), "still on");
    database.close();
  }

  /**
   * A reviewer's point: a deadlock between two instances' batches, or a key both took at once, in
   * work off the push's path (an outcome, a redelivery pass) turned the inbox off, and pushes went
   * unrecorded until the next try.
   */
  @Test
  void workThatMetAnotherInstancesLeavesTheInboxOn() {
    configureEmbedded(database);
    database.executor = inline();
    database.open().orElseThrow();
    database.failed(new SQLException("deadlock detected", "40P01"));
    database.failed(new SQLException("duplicate key value", BridgeDatabase.UNIQUE_VIOLATION));
    database.failed(new SQLException("lock timeout", BridgeDatabase.LOCK_NOT_AVAILABLE));
    assertTrue(database.ready().isPresent(), "still on");
    database.failed(new SQLException("connection lost", "08006"));
    assertTrue(database.ready().isEmpty(), "a lost connection turns it off");
    database.close();
  }

  /** Runs what the bridge hands to the server's executor on the caller's thread. */
  private static ManagedExecutorService inline() {
    return (ManagedExecutorService)
        Proxy.newProxyInstance(
            ManagedExecutorService.class.getClassLoader(),
            new Class<?>[] {ManagedExecutorService.class},
            (proxy, method, arguments) -> {
              if (!method.getName().equals("execute")) {
                throw new UnsupportedOperationException(method.getName());
              }
              ((Runnable) arguments[0]).run();
              return null;
            });
  }

  private void configureEmbedded(BridgeDatabase db) {
    db.jndiName = Optional.empty();
    db.dataDir = dataDir.toString();
    db.enabled = true;
    db.timeoutMillis = 2_000;
    db.commits = new GroupCommit();
  }

  private static long identityCache(DataSource db) throws SQLException {
    try (Connection connection = db.getConnection();
        ResultSet row =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT IDENTITY_CACHE FROM INFORMATION_SCHEMA.COLUMNS WHERE "
                        + "TABLE_NAME = 'INBOX_PUSH' AND COLUMN_NAME = 'ID'")) {
      assertTrue(row.next(), "inbox_push.id");
      return row.getLong(1);
    }
  }

  private static long insertPush(DataSource db, String key) throws SQLException {
    try (Connection connection = BridgeDatabase.connect(db);
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO inbox_push (app_id, follower, push_key, description, message, state, "
                    + "received_at, attempts, next_attempt_at) VALUES "
                    + "('wxapp', 'o-follower', ?, 'a push', X'3C786D6C2F3E', 'PENDING', 0, 0, 0)",
                new String[] {"id"})) {
      insert.setString(1, key);
      insert.executeUpdate();
      try (ResultSet id = insert.getGeneratedKeys()) {
        assertTrue(id.next());
        return id.getLong(1);
      }
    }
  }
}
