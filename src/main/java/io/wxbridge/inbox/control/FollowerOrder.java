package io.wxbridge.inbox.control;

import io.wxbridge.accounts.entity.AppId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The SQL that keeps each follower's pushes in order: a follower's row in {@code inbox_follower} is
 * locked while one of its pushes is recorded (so two instances decide one after the other), and a
 * new push waits while an earlier one is open.
 */
final class FollowerOrder {
  private FollowerOrder() {}

  /**
   * Locks the follower's row, creating it for a first push (a race for that is a UNIQUE_VIOLATION).
   */
  static void lock(Connection connection, AppId appId, String follower) throws SQLException {
    try (PreparedStatement lock =
        connection.prepareStatement(
            "SELECT 1 FROM inbox_follower WHERE app_id = ? AND follower = ? FOR UPDATE")) {
      lock.setString(1, appId.value());
      lock.setString(2, follower);
      try (ResultSet row = lock.executeQuery()) {
        if (row.next()) {
          return;
        }
      }
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO inbox_follower (app_id, follower) VALUES (?, ?)")) {
      insert.setString(1, appId.value());
      insert.setString(2, follower);
      insert.executeUpdate();
    }
  }

  /**
   * A row while an earlier push of the follower is not with Udesk yet (or still in flight); none
   * for a push without a follower. Parameters: the AppID, the follower.
   */
  static final String OPEN_PUSH =
      "SELECT 1 FROM inbox_push WHERE app_id = ? AND follower = ? AND follower <> '' "
          + "AND state IN ('PENDING', 'SENDING') FETCH FIRST 1 ROWS ONLY";

  /**
   * True while an earlier push of the follower is not with Udesk yet (or still in flight). A new
   * push's insert asks the same itself ({@link InboxStore#INSERT_NEW}); this is for a held push,
   * which is pending either way.
   */
  static boolean hasOpenPush(Connection connection, AppId appId, String follower)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(OPEN_PUSH)) {
      select.setString(1, appId.value());
      select.setString(2, follower);
      try (ResultSet row = select.executeQuery()) {
        return row.next();
      }
    }
  }
}
