package io.wxbridge.inbox.control;

import io.wxbridge.database.control.GroupCommit;
import io.wxbridge.inbox.entity.EntryState;
import io.wxbridge.inbox.entity.InboxEntry;
import io.wxbridge.inbox.entity.ReplySend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * What became of a recorded push: delivered (with Udesk's answer), pending again or expired, and
 * whether a reply that went separately was sent. Kept apart from {@link InboxStore}, which records,
 * finds and claims pushes; each method is one unit of a group commit.
 */
@ApplicationScoped
public class InboxOutcomes {
  /**
   * WeChat's API gave no conclusive answer to a late reply (unreachable, busy, no token): tried
   * again this much later, until bridge.inbox.max-age after Udesk's answer.
   */
  static final long REPLY_RETRY_MILLIS = 30_000;

  /**
   * A late reply sent without a conclusive answer may have reached the follower: sent again this
   * many times at most (then FAILED), so that a WeChat that takes messages but answers too slowly
   * brings the follower the reply twice at most, not once every 30 s for 48 h.
   */
  static final int UNCERTAIN_RESENDS = 1;

  @Inject InboxSettings settings;
  @Inject GroupCommit commits;

  /**
   * Udesk took the push: its answer is kept for WeChat's retries. When the answer goes to the
   * follower as a customer-service message instead ({@code replyGoesSeparately}), that is recorded
   * in the same update, so a retry arriving meanwhile gets an empty answer, not the reply a second
   * time; the reply is then held under this instance's lease (next_attempt_at is its end, V4), so
   * that it is sent again if this instance dies before {@link #replySent}. Otherwise the push is
   * never due again.
   *
   * <p>Returned before its commit ({@link GroupCommit#runBeforeCommit}): it is committed with the
   * next push's record, at most 10 ms later, not in a commit of its own (a third of the writer's
   * CPU was commits). The inbox's own work goes through the same writer and sees it at once; after
   * a failed commit it is run again until {@code recordBy} (while the attempt's lease certainly
   * runs); only a crash in those milliseconds loses it, and then the push is delivered again after
   * its lease, as after a crash between Udesk's answer and this record (at-least-once,
   * docs/inbox.md). Recorded only for the attempt {@code entry} was (its attempt count) while this
   * instance holds it: run twice, it changes nothing the second time.
   *
   * @return whether the push was this attempt's still (not taken over by another attempt since),
   *     and whether a later push of the same follower waits for redelivery (it may go now)
   */
  public Delivered delivered(
      DataSource db,
      InboxEntry entry,
      byte[] answer,
      long now,
      boolean replyGoesSeparately,
      long recordBy)
      throws SQLException {
    return commits.runBeforeCommit(
        db,
        Math.max(0, recordBy - now),
        connection -> {
          int updated =
              InboxStore.update(
                  connection,
                  "UPDATE inbox_push SET state = 'DELIVERED', answer = ?, answered_at = ?, "
                      + "lease_owner = ?, lease_until = ?, next_attempt_at = ?, last_error = NULL, "
                      + "attempts = attempts + 1, reply_sent = ? WHERE id = ? AND state = 'SENDING' "
                      + "AND lease_owner = ? AND attempts = ?",
                  answer,
                  now,
                  replyGoesSeparately ? settings.owner() : null,
                  replyGoesSeparately ? now + settings.leaseMillis() : null,
                  replyGoesSeparately ? now + settings.leaseMillis() : InboxStore.NEVER,
                  replyGoesSeparately ? "SENDING" : null,
                  entry.id(),
                  settings.owner(),
                  entry.attempts());
          return new Delivered(
              updated == 1 || recordedBy(connection, entry, EntryState.DELIVERED, null),
              followerHasPendingPush(connection, entry.id()));
        });
  }

  /**
   * Whether this attempt's own outcome ({@code recorded}) is recorded already: its earlier try
   * committed although its caller gave up waiting (a database that stalled, then went on), and the
   * try now matched nothing. An attempt that took the push over since has counted one attempt more
   * (InboxClaims); a failure's record is also told by the next attempt it set ({@code
   * nextAttemptAt}), since a redelivery pass's expiry of the push taken over ({@link #expire})
   * leaves that count as it was.
   */
  private static boolean recordedBy(
      Connection connection, InboxEntry entry, EntryState recorded, Long nextAttemptAt)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT state, attempts, next_attempt_at FROM inbox_push WHERE id = ?")) {
      select.setLong(1, entry.id());
      try (ResultSet row = select.executeQuery()) {
        return row.next()
            && recorded.name().equals(row.getString(1))
            && row.getInt(2) == entry.attempts() + 1
            && (nextAttemptAt == null || nextAttemptAt == row.getLong(3));
      }
    }
  }

  /**
   * What {@link #delivered} recorded.
   *
   * @param forThisAttempt false when the push was no longer this attempt's (its lease ran out and
   *     another attempt took it over: that one, or a later one, brings Udesk's answer to the
   *     follower)
   * @param followerWaits a later push of the same follower waits for redelivery (it may go now)
   */
  public record Delivered(boolean forThisAttempt, boolean followerWaits) {}

  /** Whether a later push of this push's follower waits for redelivery. */
  private static boolean followerHasPendingPush(Connection connection, long id)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT 1 FROM inbox_push p JOIN inbox_push q ON q.app_id = p.app_id "
                + "AND q.follower = p.follower AND q.state = 'PENDING' "
                + "WHERE p.id = ? AND p.follower <> '' FETCH FIRST 1 ROWS ONLY")) {
      select.setLong(1, id);
      try (ResultSet row = select.executeQuery()) {
        return row.next();
      }
    }
  }

  /**
   * Udesk did not take it: pending again from {@code nextAttemptAt}, or expired. Only for the
   * attempt {@code entry} was, while this instance holds it (as {@link #delivered}).
   *
   * @return false when the push was no longer this attempt's: another attempt took it over, and
   *     this outcome changed nothing
   */
  public boolean failed(
      DataSource db, InboxEntry entry, String error, long nextAttemptAt, boolean expire)
      throws SQLException {
    EntryState state = expire ? EntryState.EXPIRED : EntryState.PENDING;
    return commits.run(
        db,
        connection ->
            InboxStore.update(
                        connection,
                        "UPDATE inbox_push SET state = ?, attempts = attempts + 1, "
                            + "next_attempt_at = ?, last_error = ?, lease_owner = NULL, "
                            + "lease_until = NULL WHERE id = ? AND state = 'SENDING' "
                            + "AND lease_owner = ? AND attempts = ?",
                        state.name(),
                        nextAttemptAt,
                        InboxStore.truncated(error),
                        entry.id(),
                        settings.owner(),
                        entry.attempts())
                    == 1
                || recordedBy(connection, entry, state, nextAttemptAt));
  }

  /**
   * Given up before an attempt: older than bridge.inbox.max-age. Only while this instance holds the
   * push under the claim {@code entry} came from.
   *
   * @return false when the push was no longer this claim's (its lease ran out meanwhile and another
   *     attempt took it over): nothing changed
   */
  public boolean expire(DataSource db, InboxEntry entry) throws SQLException {
    return update(
            db,
            "UPDATE inbox_push SET state = 'EXPIRED', lease_owner = NULL, lease_until = NULL "
                + "WHERE id = ? AND state = 'SENDING' AND lease_owner = ? AND attempts = ?",
            entry.id(),
            settings.owner(),
            entry.attempts())
        == 1;
  }

  /**
   * A late reply is about to be sent by this instance: its lease is renewed, so that the wait in
   * the senders' queue does not count against it. False when this instance no longer holds it (its
   * lease ran out meanwhile and another instance took it, or it is recorded already): then it is
   * not sent here.
   */
  public boolean replyStarts(DataSource db, long id, long now) throws SQLException {
    return commits.run(
            db,
            connection ->
                InboxStore.update(
                    connection,
                    "UPDATE inbox_push SET lease_until = ?, next_attempt_at = ? WHERE id = ? "
                        + "AND reply_sent = 'SENDING' AND lease_owner = ?",
                    now + settings.leaseMillis(),
                    now + settings.leaseMillis(),
                    id,
                    settings.owner()))
        == 1;
  }

  /**
   * What became of the send: recorded SENT or FAILED (the push is then never due again), or, not
   * sent or with no conclusive answer from WeChat, due again in {@value #REPLY_RETRY_MILLIS} ms for
   * any instance ({@link #UNCERTAIN_RESENDS} times at most after a send that may have gone
   * through).
   */
  public void replySent(DataSource db, long id, ReplySend outcome, long now) throws SQLException {
    // only while this instance holds it: one whose send outlived its lease must not release, or
    // settle, the send of the instance that took it over
    if (outcome == ReplySend.UNCERTAIN) {
      // the values on the right are the row's before this update
      update(
          db,
          "UPDATE inbox_push SET reply_uncertain_sends = reply_uncertain_sends + 1, "
              + "reply_sent = CASE WHEN reply_uncertain_sends >= ? THEN 'FAILED' ELSE reply_sent END, "
              + "next_attempt_at = CASE WHEN reply_uncertain_sends >= ? THEN ? ELSE ? END, "
              + "lease_owner = NULL, lease_until = NULL "
              + "WHERE id = ? AND reply_sent = 'SENDING' AND lease_owner = ?",
          UNCERTAIN_RESENDS,
          UNCERTAIN_RESENDS,
          InboxStore.NEVER,
          now + REPLY_RETRY_MILLIS,
          id,
          settings.owner());
      return;
    }
    if (outcome == ReplySend.UNANSWERED) {
      update(
          db,
          "UPDATE inbox_push SET lease_owner = NULL, lease_until = NULL, next_attempt_at = ? "
              + "WHERE id = ? AND reply_sent = 'SENDING' AND lease_owner = ?",
          now + REPLY_RETRY_MILLIS,
          id,
          settings.owner());
      return;
    }
    update(
        db,
        "UPDATE inbox_push SET reply_sent = ?, lease_owner = NULL, lease_until = NULL, "
            + "next_attempt_at = ? WHERE id = ? AND reply_sent = 'SENDING' AND lease_owner = ?",
        outcome == ReplySend.SENT ? "SENT" : "FAILED",
        InboxStore.NEVER,
        id,
        settings.owner());
  }

  private int update(DataSource db, String sql, Object... parameters) throws SQLException {
    return commits.run(db, connection -> InboxStore.update(connection, sql, parameters));
  }
}
