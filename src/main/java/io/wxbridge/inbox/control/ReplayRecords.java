package io.wxbridge.inbox.control;

import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.inbox.entity.ReplayVerdict;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The SQL of {@link ReplayGuard}'s records in {@code push_replay}. */
final class ReplayRecords {
  private ReplayRecords() {}

  /**
   * Inserts the record unless the query is remembered already, and only then reads the body it was
   * remembered with: on the normal path, a new query, one statement where a look-up and an insert
   * were two. Another instance inserting the same query at once makes this insert wait for its
   * commit and fail on the primary key; run again, it finds that record.
   */
  static ReplayVerdict remember(
      Connection connection, AppId appId, long pushedAt, String query, String bodyHash)
      throws SQLException {
    for (int attempt = 1; ; attempt++) {
      if (insertNew(connection, appId, pushedAt, query, bodyHash)) {
        return ReplayVerdict.FIRST;
      }
      Optional<String> remembered = rememberedBody(connection, appId, pushedAt, query);
      if (remembered.isPresent()) {
        return remembered.get().equals(bodyHash) ? ReplayVerdict.RETRY : ReplayVerdict.OTHER_BODY;
      }
      if (attempt == 2) {
        throw new SQLException("the replay record was neither inserted nor found");
      }
      // pruned between the two statements (its timestamp that far behind the clock): anew
    }
  }

  private static boolean insertNew(
      Connection connection, AppId appId, long pushedAt, String query, String bodyHash)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO push_replay (pushed_at, app_id, query_hash, body_hash) SELECT ?, ?, ?, ? "
                + "WHERE NOT EXISTS (SELECT 1 FROM push_replay "
                + "WHERE pushed_at = ? AND app_id = ? AND query_hash = ?)")) {
      insert.setLong(1, pushedAt);
      insert.setString(2, appId.value());
      insert.setString(3, query);
      insert.setString(4, bodyHash);
      insert.setLong(5, pushedAt);
      insert.setString(6, appId.value());
      insert.setString(7, query);
      return insert.executeUpdate() == 1;
    }
  }

  private static Optional<String> rememberedBody(
      Connection connection, AppId appId, long pushedAt, String query) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT body_hash FROM push_replay WHERE pushed_at = ? AND app_id = ? AND query_hash = ?")) {
      select.setLong(1, pushedAt);
      select.setString(2, appId.value());
      select.setString(3, query);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
      }
    }
  }
}
