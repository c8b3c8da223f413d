package io.wxbridge.inbox.control;

import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.database.control.BridgeDatabase;
import io.wxbridge.database.control.GroupCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The redelivery timer's two questions to the inbox: which accounts have work due, and what may be
 * deleted. Kept apart from {@link InboxStore}, which records and claims single pushes.
 */
@ApplicationScoped
public class InboxHousekeeping {
  static final int PRUNE_BATCH = 1_000;

  @Inject GroupCommit commits;

  /**
   * Two ranges over inbox_push_due: next_attempt_at is a SENDING push's lease end (V3), and a
   * DELIVERED push's only while its reply is being sent (V4).
   */
  static final String DUE_ACCOUNTS =
      "SELECT app_id FROM inbox_push WHERE state IN ('PENDING', 'SENDING') AND next_attempt_at <= ? "
          + "UNION SELECT app_id FROM inbox_push WHERE state = 'DELIVERED' AND next_attempt_at <= ?";

  /**
   * The accounts that have a push due now (pending and due, or held under a lease that ran out), or
   * a reply whose sender's lease ran out.
   */
  public List<AppId> dueAccounts(DataSource db, long now) throws SQLException {
    return commits.run(
        db,
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(DUE_ACCOUNTS)) {
            select.setLong(1, now);
            select.setLong(2, now);
            List<AppId> apps = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                apps.add(new AppId(row.getString(1)));
              }
            }
            return apps;
          }
        });
  }

  static final String DELETE_REPLAYS_OF_SECOND = "DELETE FROM push_replay WHERE pushed_at <= ?";

  /**
   * Deletes delivered pushes answered before {@code deliveredBefore} (not one whose reply is still
   * to be sent) and replay records of pushes whose own timestamp is before {@code replaysBefore}
   * (epoch ms).
   */
  public int prune(DataSource db, long deliveredBefore, long replaysBefore) throws SQLException {
    // on a connection of its own, in batches that each commit at once: a large delete must not
    // hold up the pushes' commits, nor outlast bridge.inbox.database-timeout and be rolled back
    // every time (a backlog after the cluster was down for days, or a shorter retention)
    try (Connection connection = BridgeDatabase.connect(db)) {
      int pruned = 0;
      int batch;
      do {
        batch =
            InboxStore.update(
                connection,
                "DELETE FROM inbox_push WHERE id IN (SELECT id FROM inbox_push "
                    + "WHERE state = 'DELIVERED' AND answered_at < ? "
                    + "AND (reply_sent IS NULL OR reply_sent <> 'SENDING') FETCH FIRST "
                    + PRUNE_BATCH
                    + " ROWS ONLY)",
                deliveredBefore);
        pruned += batch;
      } while (batch == PRUNE_BATCH);
      // replay records one second of pushes a statement, oldest first (the key's first column):
      // in one statement, a busy minute's records were one transaction of up to 90,000 rows
      long cutoff = replaysBefore / 1000;
      for (long oldest = oldestReplay(connection);
          oldest < cutoff;
          oldest = oldestReplay(connection)) {
        pruned += InboxStore.update(connection, DELETE_REPLAYS_OF_SECOND, oldest);
      }
      // the lock rows of followers with nothing left in the inbox
      InboxStore.update(
          connection,
          "DELETE FROM inbox_follower f WHERE NOT EXISTS (SELECT 1 FROM inbox_push p "
              + "WHERE p.app_id = f.app_id AND p.follower = f.follower)");
      return pruned;
    }
  }

  /** The oldest replay record's second (the push's own timestamp), or Long.MAX_VALUE if none. */
  private static long oldestReplay(Connection connection) throws SQLException {
    try (PreparedStatement select =
            connection.prepareStatement("SELECT MIN(pushed_at) FROM push_replay");
        ResultSet row = select.executeQuery()) {
      row.next();
      long oldest = row.getLong(1);
      return row.wasNull() ? Long.MAX_VALUE : oldest;
    }
  }
}
