package io.wxbridge.inbox.control;

import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.database.control.GroupCommit;
import io.wxbridge.inbox.entity.InboxEntry;
import io.wxbridge.inbox.entity.UnsentReply;
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
 * The redelivery pass takes due work under this instance's lease: pushes to hand to Udesk again,
 * and late replies to send again. Rows another instance is claiming at the same moment are skipped,
 * not waited for ({@code FOR UPDATE SKIP LOCKED}); each claim is one unit of a group commit.
 */
@ApplicationScoped
public class InboxClaims {
  @Inject InboxSettings settings;
  @Inject GroupCommit commits;

  /** One row of a claim query, as the caller wants it. */
  @FunctionalInterface
  private interface Row<T> {
    T read(ResultSet row) throws SQLException;
  }

  /**
   * Takes up to {@code limit} due pushes of one account, oldest first and only the oldest open push
   * of each follower (a follower's later push never overtakes an earlier one).
   */
  public List<InboxEntry> claim(DataSource db, AppId appId, long now, int limit)
      throws SQLException {
    return claim(db, claimQuery(limit), appId, now, TAKE_OVER, InboxClaims::attempt);
  }

  /**
   * A push still SENDING whose lease ran out is taken over: the attempt that held it counts as made
   * (it died, or its outcome could not be recorded in time), so that its outcome, should it still
   * come, no longer matches the row ({@link InboxOutcomes} records only for the attempt it was):
   * taken over by the same instance, the owner alone did not tell the two attempts apart.
   */
  private static final String TAKE_OVER =
      "attempts = CASE WHEN state = 'SENDING' THEN attempts + 1 ELSE attempts END, "
          + "state = 'SENDING', ";

  /** The claimed push as its new attempt: counted as {@link #TAKE_OVER} counts it. */
  private static InboxEntry attempt(ResultSet row) throws SQLException {
    InboxEntry entry = InboxStore.entry(row);
    if (!"SENDING".equals(row.getString("state"))) {
      return entry;
    }
    return new InboxEntry(
        entry.id(),
        entry.appId(),
        entry.identity(),
        entry.description(),
        entry.message(),
        entry.receivedAt(),
        entry.attempts() + 1);
  }

  /**
   * Due pushes of one account, oldest first, each only if no earlier push of its follower is open;
   * one range over inbox_push_due (next_attempt_at is a SENDING push's lease end).
   */
  static String claimQuery(int limit) {
    return "SELECT "
        + InboxStore.COLUMNS
        + ", state FROM inbox_push p WHERE p.state IN ('PENDING', 'SENDING') "
        + "AND p.next_attempt_at <= ? "
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
   * conclusive answer a while ago.
   */
  public List<UnsentReply> claimUnsentReplies(DataSource db, AppId appId, long now, int limit)
      throws SQLException {
    return claim(
        db,
        unsentRepliesQuery(limit),
        appId,
        now,
        "",
        row ->
            new UnsentReply(
                InboxStore.entry(row), row.getBytes("answer"), row.getLong("answered_at")));
  }

  /** One range over inbox_push_due: only a reply in flight leaves a delivered push due (V4). */
  static String unsentRepliesQuery(int limit) {
    return "SELECT "
        + InboxStore.COLUMNS
        + ", answer, answered_at FROM inbox_push WHERE state = 'DELIVERED' AND next_attempt_at <= ? "
        + "AND app_id = ? AND reply_sent = 'SENDING' ORDER BY id FETCH FIRST "
        + limit
        + " ROWS ONLY FOR UPDATE SKIP LOCKED";
  }

  /** Selects the due rows ({@code query}: now, then the account) and leases each in one batch. */
  private <T> List<T> claim(
      DataSource db, String query, AppId appId, long now, String setAlso, Row<T> read)
      throws SQLException {
    long asked = System.nanoTime();
    return commits.run(
        db,
        connection -> {
          List<Long> ids = new ArrayList<>();
          List<T> claimed = new ArrayList<>();
          try (PreparedStatement select = connection.prepareStatement(query)) {
            select.setLong(1, now);
            select.setString(2, appId.value());
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                ids.add(row.getLong("id"));
                claimed.add(read.read(row));
              }
            }
          }
          // from the claim's writing, as a record's: a claim that waited in the writer's queue
          lease(connection, ids, settings.leaseEnd(now, asked), setAlso);
          return claimed;
        });
  }

  private void lease(Connection connection, List<Long> ids, long leaseEnd, String setAlso)
      throws SQLException {
    if (ids.isEmpty()) {
      return;
    }
    try (PreparedStatement lease =
        connection.prepareStatement(
            "UPDATE inbox_push SET "
                + setAlso
                + "lease_owner = ?, lease_until = ?, next_attempt_at = ? WHERE id = ?")) {
      for (long id : ids) {
        lease.setString(1, settings.owner());
        lease.setLong(2, leaseEnd);
        lease.setLong(3, leaseEnd);
        lease.setLong(4, id);
        lease.addBatch();
      }
      lease.executeBatch();
    }
  }
}
