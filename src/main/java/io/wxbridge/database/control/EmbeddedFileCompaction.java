package io.wxbridge.database.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * Keeps the embedded H2 file close to the size of its data. H2 writes a new chunk at each commit
 * ({@code WRITE_DELAY=0}) and reuses a chunk's space only once none of its pages is live; its own
 * compaction runs in the background writer that {@code WRITE_DELAY=0} turns off. A chunk that keeps
 * one page of a delivered push (kept for bridge.inbox.retention) is kept whole, so without this the
 * file and the cost of each commit grew with the bridge's uptime. Every {@value #STEP_EVERY_MILLIS}
 * ms the live pages of the emptiest chunks are written again, at most {@value #BYTES_PER_STEP}
 * bytes, until chunks are {@value #TARGET_FILL_PERCENT} % live on average (docs/inbox.md, "The
 * embedded file's size").
 */
@ApplicationScoped
public class EmbeddedFileCompaction {
  private static final Logger LOG = Logger.getLogger(EmbeddedFileCompaction.class.getName());

  static final int TARGET_FILL_PERCENT = 50;

  /**
   * Small steps, often: the pushes' commits wait while a step writes (docs/inbox.md, "The embedded
   * file over time").
   */
  static final int BYTES_PER_STEP = 256 << 10;

  public static final long STEP_EVERY_MILLIS = 250;

  @Inject BridgeDatabase database;

  private final AtomicBoolean failed = new AtomicBoolean();

  /**
   * One step on the inbox's database if it is the embedded one; the inbox's schedule calls it every
   * {@value #STEP_EVERY_MILLIS} ms (RedeliverySchedule), one call at a time.
   */
  public void step() {
    database.ready().ifPresent(this::stepOn);
  }

  /**
   * One step on {@code db} if it is the embedded database.
   *
   * @return whether a step ran
   */
  boolean stepOn(DataSource db) {
    if (failed.get() || !database.exclusive(db)) {
      return false;
    }
    try (Connection connection = db.getConnection()) {
      step(connection, TARGET_FILL_PERCENT, BYTES_PER_STEP);
      return true;
    } catch (SQLException busy) {
      // no connection free in time, or the database is closing: the next step tries again
      LOG.fine(() -> "Inbox: compaction step skipped: " + busy);
      return false;
    } catch (RuntimeException | LinkageError failure) {
      // H2's own API, beneath JDBC: a version that changed it must not stop the pushes' work
      failed.set(true);
      LOG.warning(
          () ->
              "Inbox: compacting the embedded database file failed ("
                  + failure
                  + "); not tried again until the bridge restarts, the file grows meanwhile");
      return false;
    }
  }

  /** Writes nothing while chunks are {@code targetFillPercent} % live on average. */
  static void step(Connection connection, int targetFillPercent, int bytes) throws SQLException {
    SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
    MVStore store = session.getDatabase().getStore().getMvStore();
    store.compact(targetFillPercent, bytes);
  }
}
