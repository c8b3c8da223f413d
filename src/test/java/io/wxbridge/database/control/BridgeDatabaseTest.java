package io.wxbridge.database.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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
    database.jndiName = Optional.empty();
    database.dataDir = dataDir.toString();
    database.enabled = true;
    database.timeoutMillis = 2_000;
    database.commits = new GroupCommit();

    DataSource handedOut = database.open().orElseThrow();

    assertTrue(database.exclusive(handedOut), "the embedded database, as ready() gives it");
    assertFalse(database.exclusive(null), "no database");
  }
}
