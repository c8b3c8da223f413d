package io.wxbridge.database.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The time the inbox's rows (and the shared token's) are written and judged in: the database
 * server's clock. Instances that share a PostgreSQL judge each other's leases and back-offs (an
 * instance whose clock ran 40 s ahead took over pushes another had in flight, and Udesk got them
 * twice); by one clock they agree whatever their own clocks say. The offset between this instance's
 * clock and the server's is measured when the database is connected and once a minute after; the
 * embedded database's clock is this instance's.
 */
@ApplicationScoped
public class DatabaseClock {
  private static final Logger LOG = Logger.getLogger(DatabaseClock.class.getName());

  /** An offset beyond this is said: the clocks should agree to NTP's precision. */
  static final long SAID_ABOVE_MILLIS = 2_000;

  /** A reading whose answer took longer measures the network, not the clocks. */
  static final long SLOWEST_ANSWER_MILLIS = 1_000;

  private volatile long offsetMillis;
  private long saidOffsetMillis;

  /** Milliseconds since the epoch by the database server's clock, as last measured. */
  public long millis() {
    return local.getAsLong() + offsetMillis;
  }

  /** The server's clock less this instance's, as last measured. */
  public long offsetMillis() {
    return offsetMillis;
  }

  /**
   * Measures the shared database's clock again, on a connection of its own. A failure is the next
   * measurement's to mend: the last offset stays.
   */
  public void measure(DataSource db) {
    try (Connection connection = BridgeDatabase.connect(db)) {
      measure(connection);
    } catch (SQLException | RuntimeException failed) {
      LOG.log(Level.FINE, "the database's clock was not read", failed);
    }
  }

  /** How many readings a measurement takes; the one with the shortest round trip counts. */
  static final int READINGS = 3;

  /** This instance's clock (a test's may be set apart from the JVM's). */
  LongSupplier local = System::currentTimeMillis;

  /**
   * Reads the server's clock on {@code connection}, each reading a transaction of its own
   * (autocommit, which ends one the connection had open): PostgreSQL's CURRENT_TIMESTAMP is when
   * the transaction began, and one left open by the pool's previous user would date it back.
   */
  synchronized void measure(Connection connection) throws SQLException {
    connection.setAutoCommit(true);
    long bestRoundTrip = Long.MAX_VALUE;
    long offset = 0;
    for (int reading = 0; reading < READINGS; reading++) {
      long before = local.getAsLong();
      OffsetDateTime server;
      try (Statement query = connection.createStatement();
          ResultSet row = query.executeQuery("SELECT CURRENT_TIMESTAMP")) {
        row.next();
        server = row.getObject(1, OffsetDateTime.class);
      }
      long after = local.getAsLong();
      if (server != null && after - before < bestRoundTrip) {
        bestRoundTrip = after - before;
        offset = server.toInstant().toEpochMilli() - (before + after) / 2;
      }
    }
    if (bestRoundTrip > SLOWEST_ANSWER_MILLIS) {
      LOG.fine(() -> "the database's clock answered too slowly to be read; the last offset stays");
      return;
    }
    offsetMillis = offset;
    say(offset);
  }

  private void say(long offset) {
    if (Math.abs(offset - saidOffsetMillis) > SAID_ABOVE_MILLIS / 2
        && (Math.abs(offset) > SAID_ABOVE_MILLIS
            || Math.abs(saidOffsetMillis) > SAID_ABOVE_MILLIS)) {
      saidOffsetMillis = offset;
      LOG.log(
          Math.abs(offset) > SAID_ABOVE_MILLIS ? Level.WARNING : Level.INFO,
          "This instance''s clock is {0} ms {1} the inbox database''s; the inbox judges leases and"
              + " back-offs by the database''s clock, but keep the clocks in sync (NTP): WeChat''s"
              + " timestamps are judged by this instance''s",
          new Object[] {Math.abs(offset), offset > 0 ? "behind" : "ahead of"});
    }
  }
}
