package io.wxbridge.database.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedFileCompactionTest {
  @TempDir Path dir;
  private final BridgeDatabase database = new BridgeDatabase();

  {
    database.commits = new GroupCommit();
  }

  @AfterEach
  void close() {
    database.close();
  }

  /**
   * The inbox's pattern, shrunk: rows inserted, updated a few commits later and kept, four to a
   * commit. Without compaction every chunk that holds a kept page is kept whole. H2 keeps freed
   * chunks for 45 s (RETENTION_TIME) before it reuses them; here they are reused at once, so the
   * file shows what a long run settles at.
   */
  @Test
  void theFileStaysNearTheSizeOfItsData() throws Exception {
    long without = churn("without", false);
    long with = churn("with", true);

    assertTrue(
        with * 3 < without,
        "with compaction " + (with >> 10) + " KiB, without " + (without >> 10) + " KiB");
  }

  @Test
  void onlyTheEmbeddedDatabase() throws SQLException {
    database.jndiName = Optional.empty();
    database.dataDir = dir.toString();
    database.enabled = true;
    database.timeoutMillis = 2_000;
    DataSource embedded = database.open().orElseThrow();
    EmbeddedFileCompaction compaction = new EmbeddedFileCompaction();
    compaction.database = database;

    assertFalse(compaction.stepOn(null), "not another database");
    assertTrue(compaction.stepOn(embedded), "the embedded one");
  }

  private long churn(String name, boolean compact) throws SQLException, java.io.IOException {
    Path file = dir.resolve(name + ".mv.db");
    try (Connection connection =
        DriverManager.getConnection(
            "jdbc:h2:file:" + dir.resolve(name) + ";WRITE_DELAY=0;RETENTION_TIME=0", "sa", "")) {
      try (Statement ddl = connection.createStatement()) {
        ddl.execute(
            "CREATE TABLE push (id BIGINT PRIMARY KEY, follower VARCHAR(40), message BYTEA, "
                + "state VARCHAR(16))");
        ddl.execute("CREATE INDEX push_follower ON push (follower, state, id)");
      }
      connection.setAutoCommit(false);
      try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO push (id, follower, message, state) VALUES (?, ?, ?, 'SENDING')");
          PreparedStatement deliver =
              connection.prepareStatement("UPDATE push SET state = 'DELIVERED' WHERE id = ?")) {
        for (int id = 1; id <= 6_000; id++) {
          insert.setLong(1, id);
          insert.setString(2, "follower" + (id * 7919 % 500));
          insert.setBytes(3, new byte[300]);
          insert.executeUpdate();
          deliver.setLong(1, Math.max(1, id - 8));
          deliver.executeUpdate();
          if (id % 4 == 0) {
            connection.commit();
          }
          if (compact && id % 50 == 0) {
            EmbeddedFileCompaction.step(
                connection,
                EmbeddedFileCompaction.TARGET_FILL_PERCENT,
                EmbeddedFileCompaction.BYTES_PER_STEP);
          }
        }
      }
      connection.commit();
      return Files.size(file);
    }
  }
}
