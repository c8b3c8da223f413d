package io.wxbridge.database.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.testing.UnusedPort;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * A database that stops answering costs a call the timeout, not WeChat's deadline; a database that
 * defaults to another isolation still gets READ COMMITTED work.
 */
class BoundedDataSourceTest {

  @Test
  void connectionsWorkInReadCommittedWhateverTheDatabasesDefault() throws Exception {
    try (EmbeddedPostgres postgres =
        EmbeddedPostgres.builder().setPort(UnusedPort.next()).start()) {
      try (Connection admin = postgres.getPostgresDatabase().getConnection();
          Statement alter = admin.createStatement()) {
        alter.execute(
            "ALTER DATABASE postgres SET default_transaction_isolation = 'repeatable read'");
      }
      BoundedDataSource bounded = new BoundedDataSource(postgres.getPostgresDatabase(), 2_000);

      try (Connection plain = postgres.getPostgresDatabase().getConnection()) {
        assertEquals(Connection.TRANSACTION_REPEATABLE_READ, plain.getTransactionIsolation());
      }
      for (int i = 0; i < 2; i++) { // the first, which finds the default, and one after it
        try (Connection connection = bounded.getConnection()) {
          assertEquals(Connection.TRANSACTION_READ_COMMITTED, connection.getTransactionIsolation());
        }
      }
    }
  }

  @Test
  void aPostgresCallThatHangsFailsAfterTheTimeout() throws Exception {
    try (EmbeddedPostgres postgres =
        EmbeddedPostgres.builder().setPort(UnusedPort.next()).start()) {
      BoundedDataSource bounded = new BoundedDataSource(postgres.getPostgresDatabase(), 500);
      long started = System.nanoTime();
      try (Connection connection = bounded.getConnection();
          Statement sleep = connection.createStatement()) {
        assertThrows(SQLException.class, () -> sleep.execute("SELECT pg_sleep(10)"));
      }
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertTrue(millis < 5_000, "a hanging call must end at the timeout, took " + millis + " ms");
    }
  }
}
