package io.wxbridge.database.control;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.testing.UnusedPort;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** A database that stops answering costs a call the timeout, not WeChat's deadline. */
class BoundedDataSourceTest {

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
