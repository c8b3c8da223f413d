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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

  /**
   * A batch of delivered pushes answered before a time, but not one whose reply is still to be
   * sent: a range over inbox_push_answered (V8), not over every delivered push kept.
   */
  static final String DELETE_DELIVERED =
      "DELETE FROM inbox_push WHERE id IN (SELECT id FROM inbox_push WHERE state = 'DELIVERED' "
          + "AND answered_at < ? AND (reply_sent IS NULL OR reply_sent <> 'SENDING') FETCH FIRST "
          + PRUNE_BATCH
          + " ROWS ONLY)";

  /** Replay records after one second (the push's own timestamp) up to and with another. */
  static final String DELETE_REPLAYS_BETWEEN =
      "DELETE FROM push_replay WHERE pushed_at > ? AND pushed_at <= ?";

  /** The second of the {@link #PRUNE_BATCH}th oldest replay record between two seconds. */
  static final String REPLAY_BATCH_END =
      "SELECT pushed_at FROM push_replay WHERE pushed_at > ? AND pushed_at < ? ORDER BY pushed_at "
          + "OFFSET "
          + (PRUNE_BATCH - 1)
          + " ROWS FETCH NEXT 1 ROWS ONLY";

  /**
   * Deletes delivered pushes answered before {@code deliveredBefore} (not one whose reply is still
   * to be sent) and replay records of pushes whose own timestamp is before {@code replaysBefore}
   * (epoch ms).
   */
  public int prune(DataSource db, long deliveredBefore, long replaysBefore) throws SQLException {
    return prune(db, deliveredBefore, replaysBefore, Duration.ofDays(1)).rows();
  }

  /** What a prune deleted, and whether it got through before its time was up. */
  public record Pruned(int rows, boolean finished) {}

  /**
   * The same, for at most about {@code budget} (a batch more of each part): it runs on the
   * redelivery pass's thread, and a backlog (a shorter retention, days of a cluster down) held up
   * every redelivery and lease takeover until it was gone. What is left is pruned by the next
   * passes.
   */
  public Pruned prune(DataSource db, long deliveredBefore, long replaysBefore, Duration budget)
      throws SQLException {
    long deadline = System.nanoTime() + budget.toNanos();
    // on a connection of its own, in batches that each commit at once: a large delete must not
    // hold up the pushes' commits, nor outlast bridge.inbox.database-timeout and be rolled back
    // every time (a backlog after the cluster was down for days, or a shorter retention)
    try (Connection connection = BridgeDatabase.connect(db)) {
      Pruned delivered = pruneDelivered(connection, deliveredBefore, deadline);
      if (!delivered.finished()) {
        return delivered;
      }
      Pruned replays = pruneReplays(connection, replaysBefore, deadline);
      if (replays.finished()) {
        pruneFollowers(connection, deadline); // a sweep not through goes on at the next prune
      }
      return new Pruned(delivered.rows() + replays.rows(), replays.finished());
    }
  }

  private Pruned pruneDelivered(Connection connection, long deliveredBefore, long deadline)
      throws SQLException {
    int pruned = 0;
    int batch;
    do {
      batch = InboxStore.update(connection, DELETE_DELIVERED, deliveredBefore);
      pruned += batch;
      if (batch > 0) {
        sweepFollowers(); // a follower whose last push went may have nothing left
      }
    } while (batch == PRUNE_BATCH && !passed(deadline));
    return new Pruned(pruned, batch < PRUNE_BATCH);
  }

  /**
   * Replay records oldest first, in batches of whole seconds of at least {@link #PRUNE_BATCH} rows
   * (the key's first column is the second), each starting where the last ended, so that none steps
   * over what the loop deleted: in one statement, a busy minute's records were one transaction of
   * up to 90,000 rows.
   */
  private static Pruned pruneReplays(Connection connection, long replaysBefore, long deadline)
      throws SQLException {
    int pruned = 0;
    long cutoff = replaysBefore / 1000;
    long done = Long.MIN_VALUE;
    do {
      long upTo = replayBatchEnd(connection, done, cutoff);
      pruned += InboxStore.update(connection, DELETE_REPLAYS_BETWEEN, done, upTo);
      done = upTo;
    } while (done < cutoff - 1 && !passed(deadline));
    return new Pruned(pruned, done >= cutoff - 1);
  }

  /**
   * The lock rows of followers with nothing left in the inbox (PostgreSQL only has them), a batch
   * of rows at a time from where the last prune stopped, within the prune's time (but a batch), and
   * only after a prune deleted delivered pushes (a follower's row only goes idle then; once at the
   * start). A sweep not through does not make the next pass prune again: it goes on at the next
   * minute's prune. One statement read every follower's row, which with enough of them outlasts the
   * network timeout each time, and held the locks of the rows it deleted, which a returning
   * follower's record waits for.
   */
  private void pruneFollowers(Connection connection, long deadline) throws SQLException {
    while (followersToSweep) {
      Optional<FollowerKey> batchEnd = followersBatchEnd(connection, sweptUpTo);
      deleteIdleFollowers(connection, sweptUpTo);
      sweptUpTo = batchEnd.orElse(FollowerKey.FIRST);
      if (batchEnd.isEmpty()) {
        followersToSweep = sweepAgain; // rows behind this sweep that went idle meanwhile
        sweepAgain = false;
      } else if (passed(deadline)) {
        return;
      }
    }
  }

  /** Delivered pushes were deleted: a sweep is due, or one more after the one under way. */
  private void sweepFollowers() {
    if (followersToSweep && !FollowerKey.FIRST.equals(sweptUpTo)) {
      sweepAgain = true;
    } else {
      followersToSweep = true;
    }
  }

  /** Each part of a prune deletes a batch at least, however short its time: it always gets on. */
  private static boolean passed(long deadline) {
    return System.nanoTime() - deadline > 0;
  }

  /** A row of inbox_follower, in the order of its key. */
  private record FollowerKey(String appId, String follower) {
    /** Before every row: no AppID is empty. */
    static final FollowerKey FIRST = new FollowerKey("", "");
  }

  /**
   * Where the sweep of follower rows is, and whether one is to be made. Prunes run one at a time
   * (Redelivery's passes never overlap), on the timer's or the managed executor's threads.
   */
  private volatile FollowerKey sweptUpTo = FollowerKey.FIRST;

  private volatile boolean followersToSweep = true;

  private volatile boolean sweepAgain;

  /**
   * The next batch of rows after a key, in the key's order: with the order and the limit, both
   * databases read it along the key's index, whatever they estimate the row value to select.
   */
  private static final String FOLLOWERS_AFTER =
      "(app_id, follower) > (?, ?) ORDER BY app_id, follower ";

  /**
   * The key of the {@link #PRUNE_BATCH}th follower row after {@code from}; empty when fewer are
   * left (the batch then takes all of them, and the next prune starts from the first row).
   */
  private static Optional<FollowerKey> followersBatchEnd(Connection connection, FollowerKey from)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT app_id, follower FROM inbox_follower WHERE "
                + FOLLOWERS_AFTER
                + "OFFSET "
                + (PRUNE_BATCH - 1)
                + " ROWS FETCH NEXT 1 ROWS ONLY")) {
      key(select, 1, from);
      try (ResultSet row = select.executeQuery()) {
        return row.next()
            ? Optional.of(new FollowerKey(row.getString(1), row.getString(2)))
            : Optional.empty();
      }
    }
  }

  /** Deletes the idle rows among the batch after {@code from}. */
  private static void deleteIdleFollowers(Connection connection, FollowerKey from)
      throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM inbox_follower f WHERE (app_id, follower) IN (SELECT app_id, follower "
                + "FROM inbox_follower WHERE "
                + FOLLOWERS_AFTER
                + "FETCH FIRST "
                + PRUNE_BATCH
                + " ROWS ONLY) AND NOT EXISTS (SELECT 1 FROM inbox_push p "
                + "WHERE p.app_id = f.app_id AND p.follower = f.follower)")) {
      key(delete, 1, from);
      delete.executeUpdate();
    }
  }

  /** Sets a key's two parameters from {@code first}. */
  private static void key(PreparedStatement statement, int first, FollowerKey key)
      throws SQLException {
    statement.setString(first, key.appId());
    statement.setString(first + 1, key.follower());
  }

  /**
   * The last second of the next batch of replay records after {@code done}: the second of the
   * {@link #PRUNE_BATCH}th record, or the last one before {@code cutoff} if there are fewer.
   */
  private static long replayBatchEnd(Connection connection, long done, long cutoff)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(REPLAY_BATCH_END)) {
      select.setLong(1, done);
      select.setLong(2, cutoff);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? row.getLong(1) : cutoff - 1;
      }
    }
  }
}
