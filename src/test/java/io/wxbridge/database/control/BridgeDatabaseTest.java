package io.wxbridge.database.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
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
