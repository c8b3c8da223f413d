package io.wxbridge.database.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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

  /** Small steps: the commits wait while one runs (2.5 and 16 ms measured when it wrote). */
  static final int BYTES_PER_STEP = 2 << 20;

  static final long STEP_EVERY_MILLIS = 2_000;

  @Inject BridgeDatabase database;

  private final AtomicLong lastStep = new AtomicLong();
  private final AtomicBoolean failed = new AtomicBoolean();

  /**
   * One step on the embedded database, if it is {@code db} and the last step is long enough ago.
   *
   * @return whether a step ran
   */
  public boolean stepIfDue(DataSource db, long now) {
    long last = lastStep.get();
    if (failed.get()
        || !database.exclusive(db)
        || now - last < STEP_EVERY_MILLIS
        || !lastStep.compareAndSet(last, now)) {
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
      // H2's own API, beneath JDBC: a version that changed it must not fail the redelivery pass
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
