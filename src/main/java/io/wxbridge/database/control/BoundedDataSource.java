package io.wxbridge.database.control;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The bridge's database with every wait on it bounded: each connection gets the JDBC network
 * timeout (PostgreSQL: a stopped server or a lost network fails the call instead of hanging a
 * push). Drivers without network I/O (embedded H2) do not support it; H2's lock timeout bounds
 * their waits instead.
 */
final class BoundedDataSource implements DataSource {
  private final DataSource server;
  private final int timeoutMillis;

  BoundedDataSource(DataSource server, int timeoutMillis) {
    this.server = server;
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return bounded(server::getConnection);
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return bounded(() -> server.getConnection(user, password));
  }

  /** How a connection is taken from the server's pool. */
  private interface Borrow {
    Connection get() throws SQLException;
  }

  /**
   * A pooled connection that PostgreSQL's restart broke fails here first: it is handed back to the
   * pool (whose validation then finds it broken and, with fail-all, replaces every connection), and
   * one more is tried. Kept, it would never go back to the pool, and the next try would get another
   * broken one.
   */
  private Connection bounded(Borrow borrow) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      Connection connection = borrow.get();
      try {
        // the executor only runs the driver's abort of a timed-out connection
        connection.setNetworkTimeout(Runnable::run, timeoutMillis);
        return connection;
      } catch (SQLFeatureNotSupportedException | UnsupportedOperationException embedded) {
        return connection; // no network between the bridge and this database
      } catch (SQLException | RuntimeException broken) {
        closeQuietly(connection, broken);
        if (attempt == 2) {
          throw broken;
        }
      }
    }
  }

  private static void closeQuietly(Connection connection, Exception why) {
    try {
      connection.close();
    } catch (SQLException | RuntimeException alsoBroken) {
      why.addSuppressed(alsoBroken);
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return server.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    server.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    server.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return server.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return server.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return type.isInstance(this) ? type.cast(this) : server.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return type.isInstance(this) || server.isWrapperFor(type);
  }
}
