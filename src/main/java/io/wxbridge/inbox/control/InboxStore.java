package io.wxbridge.inbox.control;

import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.database.control.BridgeDatabase;
import io.wxbridge.database.control.GroupCommit;
import io.wxbridge.inbox.entity.EntryState;
import io.wxbridge.inbox.entity.InboxEntry;
import io.wxbridge.inbox.entity.PushIdentity;
import io.wxbridge.inbox.entity.RecordedPush;
import io.wxbridge.inbox.entity.UnsentReply;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The inbox's SQL, portable between H2 2.x and PostgreSQL 13+ (plain JDBC: the queue query needs
 * {@code FOR UPDATE SKIP LOCKED}, which no JPA provider offers portably). Every method is one short
 * unit of work, committed with whatever other pushes' work is waiting ({@link GroupCommit}) before
 * it returns; an SQLException means the database is unreachable or failed, and the caller falls
 * back.
 */
@ApplicationScoped
public class InboxStore {
  /** next_attempt_at of a push that needs nothing more (delivered, its reply recorded; V4). */
  static final long NEVER = Long.MAX_VALUE;

  private static final String COLUMNS =
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
    for (int attempt = 1; ; attempt++) {
      try {
        boolean lock = database == null || !database.exclusive(db);
        return commits.run(
            db,
            connection ->
                record(connection, appId, identity, description, message, now, sendNow, lock));
      } catch (SQLException failure) {
        if (!BridgeDatabase.raced(failure) || attempt == 3) {
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

  /**
   * Takes up to {@code limit} due pushes of one account under this instance's lease, oldest first
   * and only the oldest open push of each follower (a follower's later push never overtakes an
   * earlier one). Rows another instance is claiming at the same moment are skipped, not waited for.
   */
  public List<InboxEntry> claim(DataSource db, AppId appId, long now, int limit)
      throws SQLException {
    return commits.run(
        db,
        connection -> {
          List<InboxEntry> claimed = new ArrayList<>();
          try (PreparedStatement select = connection.prepareStatement(claimQuery(limit))) {
            select.setLong(1, now);
            select.setString(2, appId.value());
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                claimed.add(entry(row));
              }
            }
          }
          try (PreparedStatement lease =
              connection.prepareStatement(
                  "UPDATE inbox_push SET state = 'SENDING', lease_owner = ?, lease_until = ?, "
                      + "next_attempt_at = ? WHERE id = ?")) {
            for (InboxEntry entry : claimed) {
              lease.setString(1, settings.owner());
              lease.setLong(2, now + settings.leaseMillis());
              lease.setLong(3, now + settings.leaseMillis());
              lease.setLong(4, entry.id());
              lease.addBatch();
            }
            if (!claimed.isEmpty()) {
              lease.executeBatch();
            }
          }
          return claimed;
        });
  }

  /**
   * Due pushes of one account, oldest first, each only if no earlier push of its follower is open;
   * one range over inbox_push_due (next_attempt_at is a SENDING push's lease end).
   */
  static String claimQuery(int limit) {
    return "SELECT "
        + COLUMNS
        + " FROM inbox_push p WHERE p.state IN ('PENDING', 'SENDING') AND p.next_attempt_at <= ? "
        + "AND p.app_id = ? AND NOT EXISTS (SELECT 1 FROM inbox_push q WHERE q.app_id = p.app_id "
        + "AND q.follower = p.follower AND q.follower <> '' AND q.state IN ('PENDING', 'SENDING') "
        + "AND q.id < p.id) ORDER BY p.id FETCH FIRST "
        + limit
        + " ROWS ONLY FOR UPDATE SKIP LOCKED";
  }

  /**
   * Takes up to {@code limit} of one account's delivered pushes whose reply is still to go to the
   * follower as a customer-service message and is due: the lease of the instance sending it ran out
   * (it died, or lost the database, before it recorded the send), or WeChat's API gave no
   * conclusive answer a while ago. Taken under this instance's lease.
   */
  public List<UnsentReply> claimUnsentReplies(DataSource db, AppId appId, long now, int limit)
      throws SQLException {
    return commits.run(
        db,
        connection -> {
          List<UnsentReply> claimed = new ArrayList<>();
          try (PreparedStatement select = connection.prepareStatement(unsentRepliesQuery(limit))) {
            select.setLong(1, now);
            select.setString(2, appId.value());
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                claimed.add(
                    new UnsentReply(
                        entry(row), row.getBytes("answer"), row.getLong("answered_at")));
              }
            }
          }
          for (UnsentReply reply : claimed) {
            update(
                connection,
                "UPDATE inbox_push SET lease_owner = ?, lease_until = ?, next_attempt_at = ? "
                    + "WHERE id = ?",
                settings.owner(),
                now + settings.leaseMillis(),
                now + settings.leaseMillis(),
                reply.push().id());
          }
          return claimed;
        });
  }

  /** One range over inbox_push_due: only a reply in flight leaves a delivered push due (V4). */
  static String unsentRepliesQuery(int limit) {
    return "SELECT "
        + COLUMNS
        + ", answer, answered_at FROM inbox_push WHERE state = 'DELIVERED' AND next_attempt_at <= ? "
        + "AND app_id = ? AND reply_sent = 'SENDING' ORDER BY id FETCH FIRST "
        + limit
        + " ROWS ONLY FOR UPDATE SKIP LOCKED";
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

  private static InboxEntry entry(ResultSet row) throws SQLException {
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
