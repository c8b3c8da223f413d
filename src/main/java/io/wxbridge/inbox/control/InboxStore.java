package io.wxbridge.inbox.control;

import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.database.control.BridgeDatabase;
import io.wxbridge.database.control.GroupCommit;
import io.wxbridge.inbox.entity.EntryState;
import io.wxbridge.inbox.entity.InboxEntry;
import io.wxbridge.inbox.entity.PushIdentity;
import io.wxbridge.inbox.entity.RecordedPush;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The inbox's SQL that records and finds pushes, portable between H2 2.x and PostgreSQL 13+ (plain
 * JDBC: the queue query needs {@code FOR UPDATE SKIP LOCKED}, which no JPA provider offers
 * portably; claiming due work is {@link InboxClaims}). Every method is one short unit of work,
 * committed with whatever other pushes' work is waiting ({@link GroupCommit}) before it returns; an
 * SQLException means the database is unreachable or failed, and the caller falls back.
 */
@ApplicationScoped
public class InboxStore {
  /** next_attempt_at of a push that needs nothing more (delivered, its reply recorded; V4). */
  static final long NEVER = Long.MAX_VALUE;

  static final String COLUMNS =
      "id, app_id, follower, push_key, description, message, received_at, attempts";

  @Inject InboxSettings settings;
  @Inject GroupCommit commits;

  /** Tells whether the follower lock is needed (not on the embedded database, see exclusive). */
  @Inject BridgeDatabase database;

  /**
   * Records a checked push (committed before this returns) or finds it recorded before. A new push
   * gets this instance's lease, unless an earlier push of its follower is not with Udesk yet: then
   * it waits for redelivery, so it cannot overtake that one. The follower's row in {@code
   * inbox_follower} is locked for the check and the insert, so two instances recording two pushes
   * of one follower at once decide one after the other (on PostgreSQL; on the embedded database
   * this instance's one writer decides them one after the other anyway).
   *
   * @param sendNow false when the push must not go to Udesk now (its forwards are saturated): a new
   *     push is then recorded pending ({@link RecordedPush.Kind#HELD})
   */
  public RecordedPush record(
      DataSource db,
      AppId appId,
      PushIdentity identity,
      String description,
      byte[] message,
      long now,
      boolean sendNow)
      throws SQLException {
    long asked = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      try {
        boolean lock = database == null || !database.exclusive(db);
        return commits.runForRequest(
            db,
            connection ->
                record(
                    connection,
                    appId,
                    identity,
                    description,
                    message,
                    now,
                    settings.leaseEnd(now, asked),
                    sendNow,
                    lock));
      } catch (SQLException failure) {
        if (!BridgeDatabase.mayRunAgain(failure, attempt)) {
          throw failure;
        }
        // another instance recorded this push, or the follower's first push, at the same moment
        // (once more, now that its row is there), or its batch and ours locked two followers in
        // opposite orders and ours was the deadlock's victim (once more, the other has committed)
      }
    }
  }

  private RecordedPush record(
      Connection connection,
      AppId appId,
      PushIdentity identity,
      String description,
      byte[] message,
      long now,
      long leaseEnd,
      boolean sendNow,
      boolean lock)
      throws SQLException {
    boolean ordered = !identity.follower().isEmpty();
    if (ordered && lock) {
      FollowerOrder.lock(connection, appId, identity.follower());
    }
    // a held push is PENDING whether or not an earlier one is open: only then is that asked
    // apart, to report it QUEUED or HELD (the insert's own check cannot tell the two apart)
    boolean heldBehind =
        !sendNow && ordered && FollowerOrder.hasOpenPush(connection, appId, identity.follower());
    for (int attempt = 1; ; attempt++) {
      Optional<RecordedPush> recorded =
          insertNew(
              connection,
              appId,
              identity,
              description,
              message,
              now,
              leaseEnd,
              sendNow,
              heldBehind);
      if (recorded.isEmpty()) {
        recorded = find(connection, appId, identity); // recorded before: a retry
      }
      if (recorded.isPresent()) {
        return recorded.get();
      }
      if (attempt == 2) {
        throw new SQLException("the push was neither recorded nor found");
      }
      // found by the insert's check, then pruned before the look-up: recorded anew
    }
  }

  /** Whether the bridge is stopping: the inbox's database work is refused then. */
  public boolean stopping() {
    return commits.stopping();
  }

  /**
   * The push as it stands now (for a retry waiting on another instance's attempt: a request, given
   * up when the busy writer does not begin it in time).
   */
  public Optional<RecordedPush> find(DataSource db, long id) throws SQLException {
    return commits.runForRequest(
        db,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + ", state, answer, reply_sent FROM inbox_push WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
              return row.next() ? Optional.of(seen(row)) : Optional.empty();
            }
          }
        });
  }

  /** The push recorded with this identity, if any (one whose record was reported failed). */
  public Optional<RecordedPush> find(DataSource db, AppId appId, PushIdentity identity)
      throws SQLException {
    return commits.run(db, connection -> find(connection, appId, identity));
  }

  private Optional<RecordedPush> find(Connection connection, AppId appId, PushIdentity identity)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT "
                + COLUMNS
                + ", state, answer, "
                + "reply_sent FROM inbox_push WHERE app_id = ? AND follower = ? AND push_key = ?")) {
      select.setString(1, appId.value());
      select.setString(2, identity.follower());
      select.setString(3, identity.key());
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(seen(row)) : Optional.empty();
      }
    }
  }

  /**
   * Inserts the push unless its identity is recorded already: one statement where a look-up by
   * identity, a look for an open push of the follower and the insert were three (on PostgreSQL,
   * three round trips of this instance's one writer). The push is PENDING behind an open push of
   * its follower, otherwise as asked: SENDING under this instance's lease, or PENDING when held.
   * Both checks see what the insert sees, on PostgreSQL after the follower's lock (a statement of
   * its own: its wait must end before this statement's snapshot is taken, or another instance's
   * push committed meanwhile would be missed). Two instances inserting one identity at once (no
   * follower, so no lock): the second waits for the first's commit and fails on the unique key, and
   * run again finds it recorded.
   *
   * @return empty when the identity is recorded already
   */
  private Optional<RecordedPush> insertNew(
      Connection connection,
      AppId appId,
      PushIdentity identity,
      String description,
      byte[] message,
      long now,
      long leaseEnd,
      boolean sendNow,
      boolean heldBehind)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(INSERT_NEW, new String[] {"id", "state"})) {
      int i = 0;
      insert.setString(++i, appId.value());
      insert.setString(++i, identity.follower());
      insert.setString(++i, identity.key());
      insert.setString(++i, truncated(description));
      insert.setBytes(++i, message);
      // unless behind an open push: SENDING and due again once its lease runs out, or held
      insert.setString(++i, (sendNow ? EntryState.SENDING : EntryState.PENDING).name());
      insert.setLong(++i, now);
      insert.setLong(++i, now); // behind: due now, claimed once the earlier push is settled
      insert.setLong(++i, sendNow ? leaseEnd : now);
      insert.setString(++i, sendNow ? settings.owner() : null);
      if (sendNow) {
        insert.setLong(++i, leaseEnd);
      } else {
        insert.setNull(++i, java.sql.Types.BIGINT);
      }
      insert.setString(++i, appId.value()); // the follower's open push
      insert.setString(++i, identity.follower());
      insert.setString(++i, appId.value()); // the identity
      insert.setString(++i, identity.follower());
      insert.setString(++i, identity.key());
      if (insert.executeUpdate() == 0) {
        return Optional.empty();
      }
      try (ResultSet key = insert.getGeneratedKeys()) {
        if (!key.next()) {
          throw new SQLException("no id generated for the inserted push");
        }
        EntryState state = EntryState.valueOf(key.getString(2));
        RecordedPush.Kind kind =
            sendNow
                ? state == EntryState.SENDING ? RecordedPush.Kind.NEW : RecordedPush.Kind.QUEUED
                : heldBehind ? RecordedPush.Kind.QUEUED : RecordedPush.Kind.HELD;
        InboxEntry entry =
            new InboxEntry(
                key.getLong(1), appId, identity, truncated(description), message, now, 0);
        return Optional.of(new RecordedPush(kind, entry, state, new byte[0], false));
      }
    }
  }

  /**
   * The push's row unless its identity is there ({@link #insertNew}). Whether it is behind an open
   * push is counted in a derived table, so that both databases look once (PostgreSQL copies an
   * EXISTS into each CASE that uses it).
   */
  static final String INSERT_NEW =
      "INSERT INTO inbox_push (app_id, follower, push_key, description, message, state, "
          + "received_at, attempts, next_attempt_at, lease_owner, lease_until) "
          + "SELECT ?, ?, ?, ?, ?, CASE WHEN o.behind > 0 THEN 'PENDING' ELSE ? END, ?, 0, "
          + "CASE WHEN o.behind > 0 THEN ? ELSE ? END, CASE WHEN o.behind > 0 THEN NULL ELSE ? END, "
          + "CASE WHEN o.behind > 0 THEN NULL ELSE ? END "
          + "FROM (SELECT COUNT(*) AS behind FROM ("
          + FollowerOrder.OPEN_PUSH
          + ") open_push) o "
          + "WHERE NOT EXISTS (SELECT 1 FROM inbox_push WHERE app_id = ? AND follower = ? "
          + "AND push_key = ?)";

  private static RecordedPush seen(ResultSet row) throws SQLException {
    byte[] answer = row.getBytes("answer");
    return new RecordedPush(
        RecordedPush.Kind.SEEN,
        entry(row),
        EntryState.valueOf(row.getString("state")),
        answer == null ? new byte[0] : answer,
        row.getString("reply_sent") != null);
  }

  static InboxEntry entry(ResultSet row) throws SQLException {
    return new InboxEntry(
        row.getLong("id"),
        new AppId(row.getString("app_id")),
        new io.wxbridge.inbox.entity.PushIdentity(
            row.getString("follower"), row.getString("push_key")),
        row.getString("description"),
        row.getBytes("message"),
        row.getLong("received_at"),
        row.getInt("attempts"));
  }

  static int update(Connection connection, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        update.setObject(i + 1, parameters[i]);
      }
      return update.executeUpdate();
    }
  }

  static String truncated(String text) {
    return text == null || text.length() <= 200 ? text : text.substring(0, 200);
  }
}
