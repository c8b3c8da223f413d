package io.wxbridge.inbox.control;

import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.database.control.BridgeDatabase;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The inbox's SQL, portable between H2 2.x and PostgreSQL 13+ (plain JDBC: the queue query needs
 * {@code FOR UPDATE SKIP LOCKED}, which no JPA provider offers portably). Every method is one short
 * transaction; an SQLException means the database is unreachable or failed, and the caller falls
 * back.
 */
@ApplicationScoped
public class InboxStore {
  private static final String COLUMNS =
      "id, app_id, follower, push_key, description, message, received_at, attempts";

  @Inject InboxSettings settings;

  /**
   * Records a checked push (committed before this returns) or finds it recorded before. A new push
   * gets this instance's lease, unless an earlier push of its follower is not with Udesk yet: then
   * it waits for redelivery, so it cannot overtake that one.
   */
  public RecordedPush record(
      DataSource db,
      AppId appId,
      PushIdentity identity,
      String description,
      byte[] message,
      long now)
      throws SQLException {
    try (Connection connection = BridgeDatabase.connect(db)) {
      connection.setAutoCommit(false);
      try {
        Optional<RecordedPush> seen = find(connection, appId, identity);
        if (seen.isPresent()) {
          connection.commit();
          return seen.get();
        }
        boolean behind =
            !identity.follower().isEmpty()
                && followerHasOpenPush(connection, appId, identity.follower());
        insert(
            connection,
            appId,
            identity,
            description,
            message,
            now,
            behind ? EntryState.PENDING : EntryState.SENDING);
        RecordedPush recorded =
            find(connection, appId, identity)
                .orElseThrow(() -> new SQLException("inserted row not found"));
        connection.commit();
        return new RecordedPush(
            behind ? RecordedPush.Kind.QUEUED : RecordedPush.Kind.NEW,
            recorded.entry(),
            recorded.state(),
            new byte[0],
            false);
      } catch (SQLException failure) {
        connection.rollback();
        if (!BridgeDatabase.UNIQUE_VIOLATION.equals(failure.getSQLState())) {
          throw failure;
        }
      }
      // another instance recorded the same push at the same moment: it is theirs to forward
      Optional<RecordedPush> theirs = find(connection, appId, identity);
      connection.commit();
      return theirs.orElseThrow(
          () -> new SQLException("push recorded concurrently, but not found"));
    }
  }

  /** The push as it stands now (for a retry waiting on another instance's attempt). */
  public Optional<RecordedPush> find(DataSource db, long id) throws SQLException {
    try (Connection connection = BridgeDatabase.connect(db);
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT " + COLUMNS + ", state, answer, reply_sent FROM inbox_push WHERE id = ?")) {
      select.setLong(1, id);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(seen(row)) : Optional.empty();
      }
    }
  }

  /**
   * Udesk took the push: its answer is kept for WeChat's retries. {@code answeredSeparately}: the
   * answer goes to the follower as a customer-service message, so a retry must not get it as a
   * passive reply too (recorded in the same statement: a retry polling on another instance may read
   * the row between this update and the send).
   */
  public void delivered(DataSource db, long id, byte[] answer, long now, boolean answeredSeparately)
      throws SQLException {
    update(
        db,
        "UPDATE inbox_push SET state = 'DELIVERED', answer = ?, answered_at = ?, lease_owner = NULL, "
            + "lease_until = NULL, last_error = NULL, attempts = attempts + 1, reply_sent = ? WHERE id = ?",
        answer,
        now,
        answeredSeparately ? "SENDING" : null,
        id);
  }

  /**
   * Udesk did not take it: pending again from {@code nextAttemptAt}, or expired. Only while this
   * instance holds it.
   */
  public void failed(DataSource db, long id, String error, long nextAttemptAt, boolean expire)
      throws SQLException {
    update(
        db,
        "UPDATE inbox_push SET state = ?, attempts = attempts + 1, next_attempt_at = ?, last_error = ?, "
            + "lease_owner = NULL, lease_until = NULL WHERE id = ? AND state = 'SENDING' AND lease_owner = ?",
        (expire ? EntryState.EXPIRED : EntryState.PENDING).name(),
        nextAttemptAt,
        truncated(error),
        id,
        settings.owner());
  }

  /** Given up: older than bridge.inbox.max-age. */
  public void expire(DataSource db, long id) throws SQLException {
    update(
        db,
        "UPDATE inbox_push SET state = 'EXPIRED', lease_owner = NULL, lease_until = NULL WHERE id = ?",
        id);
  }

  public void replySent(DataSource db, long id, boolean sent) throws SQLException {
    update(db, "UPDATE inbox_push SET reply_sent = ? WHERE id = ?", sent ? "SENT" : "FAILED", id);
  }

  /**
   * Takes up to {@code limit} due pushes of one account under this instance's lease, oldest first
   * and only the oldest open push of each follower (a follower's later push never overtakes an
   * earlier one). Rows another instance is claiming at the same moment are skipped, not waited for.
   */
  public List<InboxEntry> claim(DataSource db, AppId appId, long now, int limit)
      throws SQLException {
    try (Connection connection = BridgeDatabase.connect(db)) {
      connection.setAutoCommit(false);
      try {
        List<InboxEntry> claimed = new ArrayList<>();
        try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM inbox_push p "
                    + "WHERE p.app_id = ? AND ((p.state = 'PENDING' AND p.next_attempt_at <= ?) "
                    + "OR (p.state = 'SENDING' AND p.lease_until < ?)) AND NOT EXISTS (SELECT 1 FROM inbox_push q "
                    + "WHERE q.app_id = p.app_id AND q.follower = p.follower AND q.follower <> '' "
                    + "AND q.state IN ('PENDING', 'SENDING') AND q.id < p.id) "
                    + "ORDER BY p.id FETCH FIRST "
                    + limit
                    + " ROWS ONLY FOR UPDATE SKIP LOCKED")) {
          select.setString(1, appId.value());
          select.setLong(2, now);
          select.setLong(3, now);
          try (ResultSet row = select.executeQuery()) {
            while (row.next()) {
              claimed.add(entry(row));
            }
          }
        }
        try (PreparedStatement lease =
            connection.prepareStatement(
                "UPDATE inbox_push SET state = 'SENDING', lease_owner = ?, lease_until = ? WHERE id = ?")) {
          for (InboxEntry entry : claimed) {
            lease.setString(1, settings.owner());
            lease.setLong(2, now + settings.leaseMillis());
            lease.setLong(3, entry.id());
            lease.addBatch();
          }
          if (!claimed.isEmpty()) {
            lease.executeBatch();
          }
        }
        connection.commit();
        return claimed;
      } catch (SQLException failure) {
        connection.rollback();
        throw failure;
      }
    }
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

  private static boolean followerHasOpenPush(Connection connection, AppId appId, String follower)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT 1 FROM inbox_push WHERE app_id = ? "
                + "AND follower = ? AND state IN ('PENDING', 'SENDING') FETCH FIRST 1 ROWS ONLY")) {
      select.setString(1, appId.value());
      select.setString(2, follower);
      try (ResultSet row = select.executeQuery()) {
        return row.next();
      }
    }
  }

  private void insert(
      Connection connection,
      AppId appId,
      PushIdentity identity,
      String description,
      byte[] message,
      long now,
      EntryState state)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO inbox_push (app_id, follower, "
                + "push_key, description, message, state, received_at, attempts, next_attempt_at, lease_owner, "
                + "lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)")) {
      insert.setString(1, appId.value());
      insert.setString(2, identity.follower());
      insert.setString(3, identity.key());
      insert.setString(4, truncated(description));
      insert.setBytes(5, message);
      insert.setString(6, state.name());
      insert.setLong(7, now);
      insert.setLong(8, now);
      boolean leased = state == EntryState.SENDING;
      insert.setString(9, leased ? settings.owner() : null);
      if (leased) {
        insert.setLong(10, now + settings.leaseMillis());
      } else {
        insert.setNull(10, java.sql.Types.BIGINT);
      }
      insert.executeUpdate();
    }
  }

  private static RecordedPush seen(ResultSet row) throws SQLException {
    byte[] answer = row.getBytes("answer");
    return new RecordedPush(
        RecordedPush.Kind.SEEN,
        entry(row),
        EntryState.valueOf(row.getString("state")),
        answer == null ? new byte[0] : answer,
        "SENT".equals(row.getString("reply_sent"))
            || "SENDING".equals(row.getString("reply_sent")));
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

  static int update(DataSource db, String sql, Object... parameters) throws SQLException {
    try (Connection connection = BridgeDatabase.connect(db);
        PreparedStatement update = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        update.setObject(i + 1, parameters[i]);
      }
      return update.executeUpdate();
    }
  }

  private static String truncated(String text) {
    return text == null || text.length() <= 200 ? text : text.substring(0, 200);
  }
}
