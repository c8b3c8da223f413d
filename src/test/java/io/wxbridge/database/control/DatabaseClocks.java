package io.wxbridge.database.control;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Database clocks apart from this JVM's, for tests of instances whose clocks differ. */
public final class DatabaseClocks {
  private DatabaseClocks() {}

  /** The clock of an instance that measured a database server {@code millis} ahead of it. */
  public static DatabaseClock ofServerAhead(long millis) {
    DatabaseClock clock = new DatabaseClock();
    try {
      clock.measure(serverAhead(millis));
    } catch (SQLException impossible) {
      throw new IllegalStateException(impossible);
    }
    return clock;
  }

  /** A connection to a database server whose clock is {@code millis} ahead of this one. */
  static Connection serverAhead(long millis) {
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
