package io.wxbridge.inbox.control;

import io.wxbridge.accounts.control.Accounts;
import io.wxbridge.database.control.BridgeDatabase;
import io.wxbridge.database.control.DatabaseClock;
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
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The inbox per account, for an operator (health detail, to allowed callers only: the lead exposes
 * it): pending, retrying, expired, the age of the oldest pending push, the last Udesk error and the
 * late replies still to be sent. Empty while the inbox is off or its database unreachable.
 */
@ApplicationScoped
public class InboxStatus {
  /**
   * Open work per account: two ranges of the due index (state, next_attempt_at), because an OR of
   * both is a scan of the whole table; the delivered pushes kept for bridge.inbox.retention are
   * never read.
   */
  static final String COUNTS =
      "SELECT app_id, "
          + "SUM(CASE WHEN state IN ('PENDING', 'SENDING') AND attempts = 0 THEN 1 ELSE 0 END), "
          + "SUM(CASE WHEN state IN ('PENDING', 'SENDING') AND attempts > 0 THEN 1 ELSE 0 END), "
          + "SUM(CASE WHEN state = 'EXPIRED' THEN 1 ELSE 0 END), "
          + "MIN(CASE WHEN state IN ('PENDING', 'SENDING') THEN received_at END), "
          + "SUM(CASE WHEN state = 'DELIVERED' AND reply_sent = 'SENDING' THEN 1 ELSE 0 END) "
          + "FROM (SELECT app_id, state, attempts, received_at, reply_sent FROM inbox_push "
          + "WHERE state IN ('PENDING', 'SENDING', 'EXPIRED') UNION ALL "
          + "SELECT app_id, state, attempts, received_at, reply_sent FROM inbox_push "
          + "WHERE state = 'DELIVERED' AND next_attempt_at < ?) open_work GROUP BY app_id";

  static final String LAST_ERROR =
      "SELECT app_id, last_error FROM inbox_push "
          + "WHERE state IN ('PENDING', 'SENDING', 'EXPIRED') AND last_error IS NOT NULL ORDER BY next_attempt_at";

  private static final Logger LOG = Logger.getLogger(InboxStatus.class.getName());

  private final RepeatedFailureLog readFailures =
      new RepeatedFailureLog(LOG, "Inbox: reading the status (health detail, metrics)");

  @Inject DatabaseClock clock;
  @Inject BridgeDatabase database;
  @Inject GroupCommit commits;
  @Inject Accounts accounts;

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
      List<String> configured = accounts.all().stream().map(a -> a.appId().value()).toList();
      Optional<List<AccountInboxCounts>> read =
          Optional.of(read(db.get(), clock.millis(), configured));
      readFailures.worked();
      return read;
    } catch (SQLException failure) {
      // not reported to the database: on PostgreSQL a slow read (many kept EXPIRED pushes) ends as
      // a broken connection when the network timeout aborts it, and turned the inbox off; pushes
      // and redelivery passes find out for themselves whether the database answers
      readFailures.failed(failure);
      return Optional.empty();
    }
  }

  /**
   * Every configured account (zeros when nothing is open) and any other account with open work in
   * the inbox (one removed from the configuration). Only open work is read ({@link #COUNTS}), so a
   * metrics scrape costs the same however long the retention is (docs/inbox.md, "For operators").
   */
  static List<AccountInboxCounts> read(DataSource db, long now, Collection<String> configured)
      throws SQLException {
    Map<String, long[]> counts = new TreeMap<>();
    configured.forEach(appId -> counts.put(appId, new long[] {0, 0, 0, -1, 0}));
    Map<String, String> errors = new LinkedHashMap<>();
    try (Connection connection = BridgeDatabase.connect(db);
        PreparedStatement select = connection.prepareStatement(COUNTS);
        PreparedStatement lastError = connection.prepareStatement(LAST_ERROR)) {
      select.setLong(1, InboxStore.NEVER);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          long oldest = row.getLong(5);
          long oldestAge = row.wasNull() ? -1 : now - oldest; // no pending push: NULL
          counts.put(
              row.getString(1),
              new long[] {
                row.getLong(2), row.getLong(3), row.getLong(4), oldestAge, row.getLong(6)
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
