package io.wxbridge.inbox.control;

import io.wxbridge.database.control.BridgeDatabase;
import io.wxbridge.database.control.GroupCommit;
import io.wxbridge.inbox.entity.AccountInboxCounts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The inbox per account, for an operator (health detail, to allowed callers only: the lead exposes
 * it): pending, retrying, expired, the age of the oldest pending push, the last Udesk error and the
 * late replies still to be sent. Empty while the inbox is off or its database unreachable.
 */
@ApplicationScoped
public class InboxStatus {
  @Inject BridgeDatabase database;
  @Inject GroupCommit commits;

  /** Transactions the inbox's writer has committed since the start. */
  public long commits() {
    return commits.batches();
  }

  public Optional<List<AccountInboxCounts>> counts() {
    Optional<DataSource> db = database.ready();
    if (db.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(read(db.get(), System.currentTimeMillis()));
    } catch (SQLException failure) {
      database.failed(failure);
      return Optional.empty();
    }
  }

  static List<AccountInboxCounts> read(DataSource db, long now) throws SQLException {
    Map<String, long[]> counts = new LinkedHashMap<>();
    Map<String, String> errors = new LinkedHashMap<>();
    try (Connection connection = BridgeDatabase.connect(db);
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT app_id, "
                    + "SUM(CASE WHEN state IN ('PENDING', 'SENDING') AND attempts = 0 THEN 1 ELSE 0 END), "
                    + "SUM(CASE WHEN state IN ('PENDING', 'SENDING') AND attempts > 0 THEN 1 ELSE 0 END), "
                    + "SUM(CASE WHEN state = 'EXPIRED' THEN 1 ELSE 0 END), "
                    + "MIN(CASE WHEN state IN ('PENDING', 'SENDING') THEN received_at END), "
                    + "SUM(CASE WHEN state = 'DELIVERED' AND reply_sent = 'SENDING' THEN 1 ELSE 0 END) "
                    + "FROM inbox_push GROUP BY app_id ORDER BY app_id");
        PreparedStatement lastError =
            connection.prepareStatement(
                "SELECT app_id, last_error FROM inbox_push "
                    + "WHERE state IN ('PENDING', 'SENDING', 'EXPIRED') AND last_error IS NOT NULL ORDER BY next_attempt_at")) {
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          long oldest = row.getLong(5);
          counts.put(
              row.getString(1),
              new long[] {
                row.getLong(2),
                row.getLong(3),
                row.getLong(4),
                row.wasNull() ? -1 : now - oldest,
                row.getLong(6)
              });
        }
      }
      try (ResultSet row = lastError.executeQuery()) {
        while (row.next()) {
          errors.put(row.getString(1), row.getString(2)); // ordered: the most recent attempt wins
        }
      }
    }
    List<AccountInboxCounts> result = new ArrayList<>();
    counts.forEach(
        (appId, c) ->
            result.add(
                new AccountInboxCounts(
                    appId,
                    c[0],
                    c[1],
                    c[2],
                    c[3] < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(c[3])),
                    Optional.ofNullable(errors.get(appId)),
                    c[4])));
    return result;
  }
}
