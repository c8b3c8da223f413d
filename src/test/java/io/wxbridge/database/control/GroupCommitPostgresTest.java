package io.wxbridge.database.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wxbridge.testing.PostgresDatabases;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@link GroupCommitTest} on a real PostgreSQL that the test starts itself: there a failed
 * statement aborts the whole transaction, so what a failure leaves must hold there too.
 */
class GroupCommitPostgresTest extends GroupCommitTest {
  private static final PostgresDatabases POSTGRES = new PostgresDatabases("commits");

  @Override
  DataSource newDatabase() {
    PostgresDatabases.Database database = POSTGRES.create();
    // unreachable as a database that refuses connections is (the writer opens its own)
    dispose = () -> POSTGRES.refuseConnections(database);
    return database.dataSource();
  }

  /**
   * A row another instance holds locked (one cut off mid-transaction) fails the unit that waits for
   * it within the writer's lock wait, as a conflict, not as a database that stopped answering; the
   * writer's connection goes on.
   */
  @Test
  void aLockHeldElsewhereFailsOneUnitAsAConflict() throws Exception {
    commits.run(db, c -> insert(c, 1));
    try (Connection otherInstance = db.getConnection();
        Statement hold = otherInstance.createStatement()) {
      otherInstance.setAutoCommit(false);
      hold.execute("SELECT k FROM t WHERE k = 1 FOR UPDATE");

      SQLException waited =
          assertThrows(
              SQLException.class,
              () -> commits.run(db, c -> lock(c, 1)),
              "the lock wait ends before the caller's wait (2 s)");

      assertEquals(BridgeDatabase.LOCK_NOT_AVAILABLE, waited.getSQLState(), waited.toString());
      otherInstance.rollback();
    }
    assertEquals(1, (int) commits.run(db, c -> insert(c, 2)), "the writer's connection goes on");
  }

  private static int lock(Connection connection, int key) throws SQLException {
    try (Statement lock = connection.createStatement()) {
      lock.execute("SELECT k FROM t WHERE k = " + key + " FOR UPDATE");
    }
    return key;
  }

  @AfterAll
  static void stop() throws IOException {
    POSTGRES.close();
  }
}
