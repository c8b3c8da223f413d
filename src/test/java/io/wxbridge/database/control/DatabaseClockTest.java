package io.wxbridge.database.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wxbridge.testing.UnusedPort;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Instances sharing a database judge its rows by its clock, whatever their own clocks say. */
class DatabaseClockTest {

  /**
   * On a connection the pool's previous user left in a transaction, CURRENT_TIMESTAMP is when that
   * began: each reading is a transaction of its own.
   */
  @Test
  void readsAPostgresServersClockNowNotWhenAnOpenTransactionBegan() throws Exception {
    DatabaseClock clock = new DatabaseClock();
    clock.local = () -> System.currentTimeMillis() - 5_000; // this instance's clock is behind
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPort(UnusedPort.next()).start();
        Connection connection = postgres.getPostgresDatabase().getConnection()) {
      connection.setAutoCommit(false);
      try (Statement begin = connection.createStatement()) {
        begin.execute("SELECT 1"); // the transaction begins
      }
      Thread.sleep(2_000);

      clock.measure(connection);
    }

    assertEquals(5_000, clock.offsetMillis(), 500);
  }

  @Test
  void anInstanceWhoseClockIsBehindTheDatabasesTellsTheDatabasesTime() throws Exception {
    DatabaseClock clock = new DatabaseClock();

    clock.measure(DatabaseClocks.serverAhead(40_000));

    assertEquals(40_000, clock.offsetMillis(), 100);
    assertEquals(System.currentTimeMillis() + 40_000, clock.millis(), 100);
  }
}
