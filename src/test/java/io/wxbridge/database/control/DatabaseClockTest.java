package io.wxbridge.database.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.testing.UnusedPort;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Instances sharing a database judge its rows by its clock, whatever their own clocks say. */
class DatabaseClockTest {

  @Test
  void readsAPostgresServersClock() throws Exception {
    DatabaseClock clock = new DatabaseClock();
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPort(UnusedPort.next()).start();
        Connection connection = postgres.getPostgresDatabase().getConnection()) {
      clock.measure(connection);
    }

    // the server runs on this machine, by this clock
    assertTrue(Math.abs(clock.offsetMillis()) < 1_000, clock.offsetMillis() + " ms");
  }

  @Test
  void anInstanceWhoseClockIsBehindTheDatabasesTellsTheDatabasesTime() throws Exception {
    DatabaseClock clock = new DatabaseClock();

    clock.measure(serverAhead(40_000));

    assertEquals(40_000, clock.offsetMillis(), 100);
    assertEquals(System.currentTimeMillis() + 40_000, clock.millis(), 100);
  }

  /** A connection to a database server whose clock is {@code millis} ahead of this one. */
  private static Connection serverAhead(long millis) {
    ResultSet row =
        proxy(
            ResultSet.class,
            (method, args) ->
                switch (method) {
                  case "next" -> true;
                  case "getObject" ->
                      OffsetDateTime.now(ZoneOffset.UTC).plusNanos(millis * 1_000_000);
                  default -> null;
                });
    Statement query =
        proxy(Statement.class, (method, args) -> method.equals("executeQuery") ? row : null);
    return proxy(
        Connection.class, (method, args) -> method.equals("createStatement") ? query : null);
  }

  private interface Answer {
    Object of(String method, Object[] args);
  }

  private static <T> T proxy(Class<T> type, Answer answer) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (self, method, args) -> answer.of(method.getName(), args)));
  }
}
