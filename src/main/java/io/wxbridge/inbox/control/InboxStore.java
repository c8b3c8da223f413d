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
import java.util.function.Consumer;
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
   * @param committedLate takes a record committed after this gave up waiting for the database (its
   *     caller went on without the inbox), on the database's writer thread
   */
  public RecordedPush record(
      DataSource db,
      AppId appId,
      PushIdentity identity,
      String description,
      byte[] message,
      long now,
      boolean sendNow,
      Consumer<RecordedPush> committedLate)
      throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        boolean lock = database == null || !database.exclusive(db);
        return commits.run(
            db,
            connection ->
                record(connection, appId, identity, description, message, now, sendNow, lock),
            committedLate);
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
      boolean sendNow,
      boolean lock)
      throws SQLException {
    boolean ordered = !identity.follower().isEmpty();
    if (ordered && lock) {
      FollowerOrder.lock(connection, appId, identity.follower());
    }
    Optional<RecordedPush> seen = find(connection, appId, identity);
    if (seen.isPresent()) {
      return seen.get();
    }
    boolean behind = ordered && FollowerOrder.hasOpenPush(connection, appId, identity.follower());
    EntryState state = behind || !sendNow ? EntryState.PENDING : EntryState.SENDING;
    long id = insert(connection, appId, identity, description, message, now, state);
    RecordedPush.Kind kind =
        behind
            ? RecordedPush.Kind.QUEUED
            : sendNow ? RecordedPush.Kind.NEW : RecordedPush.Kind.HELD;
    return new RecordedPush(
        kind,
        new InboxEntry(id, appId, identity, truncated(description), message, now, 0),
        state,
        new byte[0],
        false);
  }

  /** Whether the bridge is stopping: the inbox's database work is refused then. */
  public boolean stopping() {
    return commits.stopping();
  }

  /** The push as it stands now (for a retry waiting on another instance's attempt). */
  public Optional<RecordedPush> find(DataSource db, long id) throws SQLException {
    return commits.run(
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

  private long insert(
      Connection connection,
      AppId appId,
      PushIdentity identity,
      String description,
      byte[] message,
      long now,
      EntryState state)
      throws SQLException {
    boolean leased = state == EntryState.SENDING;
    long leaseEnd = now + settings.leaseMillis();
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO inbox_push (app_id, follower, "
                + "push_key, description, message, state, received_at, attempts, next_attempt_at, lease_owner, "
                + "lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
            new String[] {"id"})) {
      insert.setString(1, appId.value());
      insert.setString(2, identity.follower());
      insert.setString(3, identity.key());
      insert.setString(4, truncated(description));
      insert.setBytes(5, message);
      insert.setString(6, state.name());
      insert.setLong(7, now);
      // when it is next due: now while pending, once its lease runs out while sent
      insert.setLong(8, leased ? leaseEnd : now);
      insert.setString(9, leased ? settings.owner() : null);
      if (leased) {
        insert.setLong(10, leaseEnd);
      } else {
        insert.setNull(10, java.sql.Types.BIGINT);
      }
      insert.executeUpdate();
      try (ResultSet key = insert.getGeneratedKeys()) {
        if (!key.next()) {
          throw new SQLException("no id generated for the inserted push");
        }
        return key.getLong(1);
      }
    }
  }

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
