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
 *
 * <p>Each connection works in READ COMMITTED: every statement sees what other instances committed
 * before it, which the inbox's follower lock and identity checks rely on (docs/inbox.md). It is
 * PostgreSQL's and H2's default; a server or pool that defaults to another (a DBA's
 * default_transaction_isolation) is found on the first connection, said once, and overridden on
 * each connection taken, at the cost of one more round trip.
 */
final class BoundedDataSource implements DataSource {
  private static final Logger LOG = Logger.getLogger(BoundedDataSource.class.getName());

  private final DataSource server;
  private final int timeoutMillis;

  /** Null until the first connection's default isolation was seen. */
  private volatile Boolean setReadCommitted;

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
        try {
          // the executor only runs the driver's abort of a timed-out connection
          connection.setNetworkTimeout(Runnable::run, timeoutMillis);
        } catch (SQLFeatureNotSupportedException | UnsupportedOperationException embedded) {
          // no network between the bridge and this database
        }
        readCommitted(connection);
        return connection;
      } catch (SQLException | RuntimeException broken) {
        closeQuietly(connection, broken);
        if (attempt == 2) {
          throw broken;
        }
      }
    }
  }

  private void readCommitted(Connection connection) throws SQLException {
    Boolean set = setReadCommitted;
    if (set == null) {
      set = firstIsolation(connection.getTransactionIsolation());
    }
    if (set) {
      connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
    }
  }

  /** Whether to set READ COMMITTED on each connection, decided (and said) once. */
  private synchronized boolean firstIsolation(int isolation) {
    if (setReadCommitted == null) {
      setReadCommitted = isolation != Connection.TRANSACTION_READ_COMMITTED;
      if (setReadCommitted) {
        LOG.warning(
            () ->
                "The inbox database's connections default to transaction isolation "
                    + isolation
                    + " (java.sql.Connection's constants; 2 is READ COMMITTED); the bridge sets READ"
                    + " COMMITTED on each connection it takes, one more round trip each. Set it"
                    + " on the data source instead (server-config/postgresql.md)");
      }
    }
    return setReadCommitted;
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
