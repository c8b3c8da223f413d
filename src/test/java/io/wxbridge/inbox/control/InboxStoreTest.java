package io.wxbridge.inbox.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.database.control.BridgeDatabase;
import io.wxbridge.database.control.GroupCommit;
import io.wxbridge.inbox.entity.AccountInboxCounts;
import io.wxbridge.inbox.entity.EntryState;
import io.wxbridge.inbox.entity.InboxEntry;
import io.wxbridge.inbox.entity.PushIdentity;
import io.wxbridge.inbox.entity.RecordedPush;
import io.wxbridge.inbox.entity.ReplayVerdict;
import io.wxbridge.inbox.entity.ReplySend;
import io.wxbridge.inbox.entity.UnsentReply;
import io.wxbridge.testing.CountingDataSource;
import io.wxbridge.testing.ReadyDatabase;
import io.wxbridge.text.entity.Digest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The inbox's SQL on the embedded database, migrated by the WAR's own Flyway scripts. */
class InboxStoreTest {
  private static final AppId APP = new AppId("wxinbox000000001");
  private javax.sql.DataSource db;
  private AutoCloseable closer;
  private InboxStore store;
  private InboxClaims claims;
  private InboxOutcomes outcomes;
  private final GroupCommit commits = new GroupCommit();
  private final long now = 1_000_000L;

  @BeforeEach
  void migrate() {
    db = dataSource();
    Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
    store = new InboxStore();
    store.commits = commits;
    store.settings = new InboxSettings();
    store.settings.leaseMillis = 15_000;
    store.settings.lateReplyTimeoutMillis = 10_000;
    store.settings.replyTimeoutMillis = 4_000;
    claims = new InboxClaims();
    claims.commits = commits;
    claims.settings = store.settings;
    outcomes = new InboxOutcomes();
    outcomes.settings = store.settings;
    outcomes.commits = commits;
  }

  /** The embedded default; {@link InboxStorePostgresTest} runs the same on PostgreSQL. */
  javax.sql.DataSource dataSource() {
    JdbcConnectionPool pool =
        JdbcConnectionPool.create(
            "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000", "sa", "");
    closer = pool::dispose;
    return pool;
  }

  void setCloser(AutoCloseable closer) {
    this.closer = closer;
  }

  @AfterEach
  void close() throws Exception {
    commits.stop();
    closer.close();
  }

  @Test
  void aPushIsRecordedOnceAndItsRetriesFindIt() throws Exception {
    RecordedPush first = record("oA", "msg:1");
    RecordedPush retry = record("oA", "msg:1");
    assertEquals(RecordedPush.Kind.NEW, first.kind());
    assertEquals(RecordedPush.Kind.SEEN, retry.kind());
    assertEquals(EntryState.SENDING, retry.state());

    outcomes.delivered(db, first.entry(), bytes("answer"), now, false, now + 60_000);
    RecordedPush later = record("oA", "msg:1");
    assertEquals(EntryState.DELIVERED, later.state());
    assertArrayEquals(bytes("answer"), later.answer());
  }

  @Test
  void aLateAnswerGoingOutAsACustomerServiceMessageIsNotGivenToARetry() throws Exception {
    RecordedPush first = record("oA", "msg:1");
    outcomes.delivered(db, first.entry(), bytes("answer"), now, true, now + 60_000);
    assertTrue(
        record("oA", "msg:1").answeredSeparately(),
        "marked in the same update that makes it DELIVERED, before the send");
    outcomes.replySent(db, first.entry().id(), ReplySend.SENT, now);
    assertTrue(record("oA", "msg:1").answeredSeparately(), "and after it");
  }

  /** The sender of a late reply died between recording the push DELIVERED and the send. */
  @Test
  void aLateReplyNotRecordedAsSentIsClaimedOnceItsLeaseRanOut() throws Exception {
    RecordedPush first = record("oA", "msg:1");
    outcomes.delivered(db, first.entry(), bytes("late answer"), now, true, now + 60_000);
    assertEquals(List.of(), claims.claimUnsentReplies(db, APP, now + 14_999, 20), "still leased");
    assertEquals(List.of(), housekeeping().dueAccounts(db, now + 14_999));

    assertEquals(List.of(APP), housekeeping().dueAccounts(db, now + 15_001));
    List<UnsentReply> unsent = claims.claimUnsentReplies(db, APP, now + 15_001, 20);
    assertEquals(1, unsent.size());
    assertEquals(first.entry().id(), unsent.get(0).push().id());
    assertArrayEquals(bytes("late answer"), unsent.get(0).reply());
    assertEquals(
        List.of(),
        claims.claimUnsentReplies(db, APP, now + 15_002, 20),
        "taken under this instance's lease: no one else sends it meanwhile");
    assertEquals(
        1,
        claims.claimUnsentReplies(db, APP, now + 30_002, 20).size(),
        "and due again if this instance dies too");

    outcomes.replySent(db, first.entry().id(), ReplySend.SENT, now);
    assertEquals(List.of(), claims.claimUnsentReplies(db, APP, now + 3_600_000, 20));
    assertEquals(List.of(), housekeeping().dueAccounts(db, now + 3_600_000));
    assertTrue(record("oA", "msg:1").answeredSeparately(), "a retry still gets an empty answer");
  }

  /** V4 on an inbox of an earlier version: only the replies left SENDING become due. */
  @Test
  void theReplyLeaseMigrationLeavesOnlyRepliesInFlightDue() throws Exception {
    Flyway.configure().dataSource(db).cleanDisabled(false).load().clean();
    Flyway.configure()
        .dataSource(db)
        .locations("classpath:db/migration")
        .target("3")
        .load()
        .migrate();
    try (Connection connection = db.getConnection();
        java.sql.PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO inbox_push (app_id, follower, push_key, description, message, state, "
                    + "received_at, attempts, next_attempt_at, reply_sent) "
                    + "VALUES ('wxinbox000000001', ?, 'k', 'd', ?, 'DELIVERED', 1, 1, 5, ?)")) {
      for (String[] row :
          new String[][] {{"oPassive", null}, {"oSent", "SENT"}, {"oStuck", "SENDING"}}) {
        insert.setString(1, row[0]);
        insert.setBytes(2, bytes("<xml/>"));
        insert.setString(3, row[1]);
        insert.executeUpdate();
      }
    }
    Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
    assertEquals(
        List.of("oStuck"),
        claims.claimUnsentReplies(db, APP, now, 20).stream()
            .map(reply -> reply.push().identity().follower())
            .toList());
  }

  /**
   * V5 on an inbox of an earlier version: the replay records kept then are dropped (they lack the
   * push's timestamp, docs/inbox.md), and the new key works at once.
   */
  @Test
  void theReplayKeyMigrationStartsTheRecordsAfresh() throws Exception {
    Flyway.configure().dataSource(db).cleanDisabled(false).load().clean();
    Flyway.configure()
        .dataSource(db)
        .locations("classpath:db/migration")
        .target("4")
        .load()
        .migrate();
    execute(
        "INSERT INTO push_replay (app_id, query_hash, body_hash, seen_at) "
            + "VALUES ('wxinbox000000001', 'q1', 'body-a', 1)");
    Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
    assertEquals(List.of(), strings("SELECT query_hash FROM push_replay"));
    ReplayGuard replays = replayGuardAt(now);
    String ts = String.valueOf(now / 1000);
    assertEquals(ReplayVerdict.FIRST, replays.check(APP, ts, "n1", "sig", bytes("body-b")));
    assertEquals(ReplayVerdict.OTHER_BODY, replays.check(APP, ts, "n1", "sig", bytes("body-a")));
  }

  @Test
  void aReplyWeChatGaveNoConclusiveAnswerToIsDueAgainForAnyInstance() throws Exception {
    RecordedPush first = record("oA", "msg:1");
    outcomes.delivered(db, first.entry(), bytes("late answer"), now, true, now + 60_000);
    outcomes.replySent(db, first.entry().id(), ReplySend.UNANSWERED, now + 1_000);
    long retry = now + 1_000 + InboxOutcomes.REPLY_RETRY_MILLIS;
    assertEquals(List.of(), claims.claimUnsentReplies(db, APP, retry - 1, 20));
    assertEquals(1, claims.claimUnsentReplies(db, APP, retry, 20).size());
  }

  @Test
  void aReplyThatMayHaveReachedTheFollowerIsSentOnceMoreAtMost() throws Exception {
    RecordedPush first = record("oA", "msg:1");
    long id = first.entry().id();
    outcomes.delivered(db, first.entry(), bytes("late answer"), now, true, now + 60_000);
    outcomes.replySent(db, id, ReplySend.UNCERTAIN, now + 1_000);
    long retry = now + 1_000 + InboxOutcomes.REPLY_RETRY_MILLIS;
    assertEquals(List.of(), claims.claimUnsentReplies(db, APP, retry - 1, 20));
    assertEquals(1, claims.claimUnsentReplies(db, APP, retry, 20).size(), "sent once more");
    outcomes.replySent(db, id, ReplySend.UNCERTAIN, retry + 1_000);
    assertEquals(
        List.of(),
        claims.claimUnsentReplies(db, APP, retry + 10 * InboxOutcomes.REPLY_RETRY_MILLIS, 20),
        "not a third time");
    assertEquals(List.of("FAILED"), strings("SELECT reply_sent FROM inbox_push WHERE id = " + id));
  }

  /** A send that outlived its lease neither releases nor settles the send that took it over. */
  @Test
  void anotherInstancesLateOutcomeLeavesAReplyThisInstanceSendsAlone() throws Exception {
    RecordedPush first = record("oA", "msg:1");
    long id = first.entry().id();
    outcomes.delivered(db, first.entry(), bytes("late answer"), now, true, now + 60_000);
    InboxOutcomes otherInstance = new InboxOutcomes();
    otherInstance.settings = new InboxSettings();
    otherInstance.commits = commits;
    otherInstance.replySent(db, id, ReplySend.UNANSWERED, now + 1_000);
    otherInstance.replySent(db, id, ReplySend.SENT, now + 1_000);
    assertEquals(List.of("SENDING"), strings("SELECT reply_sent FROM inbox_push WHERE id = " + id));
    assertEquals(
        List.of(store.settings.owner()),
        strings("SELECT lease_owner FROM inbox_push WHERE id = " + id),
        "still leased to this instance");
  }

  /** Its send begins after a wait in the senders' queue: the lease counts from then. */
  @Test
  void aReplyWhoseSendBeginsIsLeasedAnewAndOneAnotherInstanceTookIsNotSentHere() throws Exception {
    RecordedPush first = record("oA", "msg:1");
    outcomes.delivered(db, first.entry(), bytes("late answer"), now, true, now + 60_000);
    assertTrue(outcomes.replyStarts(db, first.entry().id(), now + 10_000));
    assertEquals(List.of(), claims.claimUnsentReplies(db, APP, now + 15_001, 20), "renewed");

    InboxSettings otherInstance = new InboxSettings();
    otherInstance.leaseMillis = store.settings.leaseMillis;
    otherInstance.lateReplyTimeoutMillis = store.settings.lateReplyTimeoutMillis;
    InboxClaims otherClaims = new InboxClaims();
    otherClaims.settings = otherInstance;
    otherClaims.commits = commits;
    assertEquals(1, otherClaims.claimUnsentReplies(db, APP, now + 25_001, 20).size());
    assertTrue(
        !outcomes.replyStarts(db, first.entry().id(), now + 25_002),
        "this instance's queued send finds the reply taken by the other: not sent twice");
  }

  @Test
  void anOperatorSeesTheRepliesStillToBeSent() throws Exception {
    RecordedPush first = record("oA", "msg:1");
    outcomes.delivered(db, first.entry(), bytes("late answer"), now, true, now + 60_000);
    committed();
    assertEquals(1, InboxStatus.read(db, now, List.of(APP.value())).get(0).unsentReplies());
    outcomes.replySent(db, first.entry().id(), ReplySend.SENT, now);
    assertEquals(0, InboxStatus.read(db, now, List.of(APP.value())).get(0).unsentReplies());
  }

  @Test
  void aReplyStillToBeSentIsNotPruned() throws Exception {
    RecordedPush first = record("oA", "msg:1");
    outcomes.delivered(db, first.entry(), bytes("late answer"), now, true, now + 60_000);
    committed();
    assertEquals(0, housekeeping().prune(db, now + 1, now));
    outcomes.replySent(db, first.entry().id(), ReplySend.SENT, now);
    assertEquals(1, housekeeping().prune(db, now + 1, now));
  }

  /** More than one batch: each batch commits on its own, and the prune goes on to the end. */
  @Test
  void aLargeBacklogIsPrunedInBatches() throws Exception {
    int rows = InboxHousekeeping.PRUNE_BATCH * 2 + 500;
    try (Connection connection = db.getConnection();
        java.sql.PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO inbox_push (app_id, follower, push_key, description, message, state, "
                    + "received_at, attempts, next_attempt_at, answered_at) "
                    + "VALUES ('wxinbox000000001', ?, 'k', 'd', ?, 'DELIVERED', 1, 1, ?, 1)")) {
      connection.setAutoCommit(false);
      for (int i = 0; i < rows; i++) {
        insert.setString(1, "o" + i);
        insert.setBytes(2, bytes("<xml/>"));
        insert.setLong(3, InboxStore.NEVER);
        insert.addBatch();
      }
      insert.executeBatch();
      connection.commit();
    }
    RecordedPush recent = record("oRecent", "msg:1");
    outcomes.delivered(db, recent.entry(), bytes("answer"), now, false, now + 60_000);
    committed();
    // out of time from the start: one batch all the same (a prune always gets on), and it says
    // it has not finished
    assertEquals(
        new InboxHousekeeping.Pruned(InboxHousekeeping.PRUNE_BATCH, false),
        housekeeping().prune(db, now, now, Duration.ofMillis(-1)));
    assertEquals(rows - InboxHousekeeping.PRUNE_BATCH, housekeeping().prune(db, now, now));
    assertEquals(List.of("oRecent"), strings("SELECT follower FROM inbox_push"));
  }

  @Test
  void aDeliveredPushIsNeverDueAgain() throws Exception {
    RecordedPush passive = record("oA", "msg:1");
    outcomes.delivered(db, passive.entry(), bytes("answer"), now, false, now + 60_000);
    RecordedPush failedReply = record("oB", "msg:1");
    outcomes.delivered(db, failedReply.entry(), bytes("answer"), now, true, now + 60_000);
    outcomes.replySent(db, failedReply.entry().id(), ReplySend.REFUSED, now);
    assertEquals(List.of(), housekeeping().dueAccounts(db, InboxStore.NEVER - 1));
    assertEquals(List.of(), claims.claimUnsentReplies(db, APP, InboxStore.NEVER - 1, 20));
  }

  @Test
  void theSameMsgIdFromTwoFollowersIsTwoPushes() throws Exception {
    assertEquals(RecordedPush.Kind.NEW, record("oA", "msg:7").kind());
    assertEquals(RecordedPush.Kind.NEW, record("oB", "msg:7").kind());
  }

  @Test
  void aPushRecordedWhileTheForwardsAreSaturatedIsHeldPendingAndDueAtOnce() throws Exception {
    RecordedPush held =
        store.record(db, APP, new PushIdentity("oH", "msg:1"), "text", bytes("<xml/>"), now, false);
    assertEquals(RecordedPush.Kind.HELD, held.kind(), "not to be sent now");
    assertEquals(
        RecordedPush.Kind.QUEUED,
        record("oH", "msg:2").kind(),
        "the follower's next push waits behind the held one");
    assertEquals(
        List.of("msg:1"),
        claims.claim(db, APP, now, 20).stream().map(e -> e.identity().key()).toList(),
        "the held push is due for redelivery at once, its follower's next one after it");
  }

  @Test
  void onTheEmbeddedDatabaseOrderIsKeptWithoutTheFollowerLock() throws Exception {
    javax.sql.DataSource exclusive = db;
    store.database =
        new io.wxbridge.database.control.BridgeDatabase() {
          @Override
          public boolean exclusive(javax.sql.DataSource candidate) {
            return candidate == exclusive;
          }
        };
    assertEquals(RecordedPush.Kind.NEW, record("oE", "msg:1").kind());
    assertEquals(RecordedPush.Kind.QUEUED, record("oE", "msg:2").kind(), "still in order");
    try (Connection connection = db.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM inbox_follower")) {
      rows.next();
      assertEquals(0, rows.getInt(1), "one writer decides: no follower row written or locked");
    }
  }

  @Test
  void aFollowersLaterPushWaitsAndIsClaimedOnlyAfterTheEarlierOne() throws Exception {
    RecordedPush first = record("oA", "msg:1");
    assertEquals(RecordedPush.Kind.QUEUED, record("oA", "msg:2").kind());
    assertEquals(RecordedPush.Kind.NEW, record("oB", "msg:3").kind());
    store.settings.owner();
    outcomes.failed(db, first.entry(), "unreachable", now + 1_000, false);

    List<InboxEntry> due = claims.claim(db, APP, now + 1_000, 20);
    assertEquals(
        List.of("msg:1"),
        due.stream().map(e -> e.identity().key()).toList(),
        "msg:2 waits behind msg:1");
    assertTrue(claims.claim(db, APP, now + 1_000, 20).isEmpty(), "claimed rows are leased");

    // the outcome of the attempt that failed, run again or late: not this claim's
    outcomes.delivered(db, first.entry(), new byte[0], now + 1_100, false, now + 60_000);
    committed();
    assertEquals(List.of(), claims.claim(db, APP, now + 1_200, 20), "msg:1 is still open");
    outcomes.delivered(db, due.get(0), new byte[0], now + 1_100, false, now + 60_000);
    assertEquals(
        List.of("msg:2"),
        claims.claim(db, APP, now + 1_200, 20).stream().map(e -> e.identity().key()).toList());
  }

  /**
   * An outcome run again after a commit reported failed that did go through (GroupCommit runs such
   * work again), or recorded after another attempt began, changes nothing.
   */
  @Test
  void anOutcomeRecordedTwiceOrAfterTheNextClaimChangesNothing() throws Exception {
    RecordedPush first = record("oA", "msg:1");
    outcomes.delivered(db, first.entry(), bytes("answer"), now, false, now + 60_000);
    outcomes.delivered(db, first.entry(), bytes("other"), now + 1, false, now + 60_000);
    assertFalse(outcomes.failed(db, first.entry(), "unreachable", now + 1_000, false));
    committed();
    assertEquals(
        List.of("DELIVERED 1"), strings("SELECT state || ' ' || attempts FROM inbox_push"));

    RecordedPush second = record("oB", "msg:2");
    assertTrue(outcomes.failed(db, second.entry(), "unreachable", now, false));
    assertTrue(
        outcomes.failed(db, second.entry(), "unreachable", now, false),
        "run again after its commit went through: its own record");
    InboxEntry claimed = claims.claim(db, APP, now, 20).get(0);
    assertFalse(
        outcomes.failed(db, second.entry(), "unreachable", now + 9_000, false),
        "the first attempt's, again: the claim's now");
    assertFalse(outcomes.expire(db, second.entry()), "nor does the first attempt expire it");
    committed();
    assertEquals(
        List.of("SENDING 1"),
        strings("SELECT state || ' ' || attempts FROM inbox_push WHERE id = " + claimed.id()),
        "the claim's attempt is still under way");
    assertTrue(outcomes.expire(db, claimed), "the claim's own expiry");
    assertEquals(
        List.of("EXPIRED 1"),
        strings("SELECT state || ' ' || attempts FROM inbox_push WHERE id = " + claimed.id()));
  }

  @Test
  void aPushWhoseLeaseRanOutIsTakenOver() throws Exception {
    record("oA", "msg:1");
    assertTrue(claims.claim(db, APP, now + 14_000, 20).isEmpty(), "still leased");
    assertEquals(1, claims.claim(db, APP, now + 15_001, 20).size());
    assertEquals(List.of(), housekeeping().dueAccounts(db, now + 15_002));
  }

  /**
   * An attempt whose outcome could not be recorded before its lease ran out (the database was away)
   * is taken over by the same instance: its outcome, still being retried, must not settle the new
   * attempt, whose owner is the same. The taken-over attempt counts as made.
   */
  @Test
  void aStaleOutcomeDoesNotSettleTheAttemptThatTookItsPushOverOnTheSameInstance() throws Exception {
    RecordedPush first = record("oA", "msg:1");
    InboxEntry takenOver = claims.claim(db, APP, now + 20_000, 20).get(0);
    assertEquals(1, takenOver.attempts(), "the attempt that held it counts as made");

    assertFalse(
        outcomes
            .delivered(db, first.entry(), bytes("stale"), now + 20_001, false, now + 60_000)
            .forThisAttempt(),
        "the first attempt's outcome is not the push's any more");
    committed();
    assertEquals(
        List.of("SENDING 1"),
        strings("SELECT state || ' ' || attempts FROM inbox_push"),
        "the first attempt's late outcome changes nothing");

    assertTrue(
        outcomes
            .delivered(db, takenOver, bytes("answer"), now + 20_002, false, now + 60_000)
            .forThisAttempt());
    committed();
    assertTrue(
        outcomes
            .delivered(db, takenOver, bytes("answer"), now + 20_003, false, now + 60_000)
            .forThisAttempt(),
        "tried again after a wait its caller gave up on, it finds its own record");
    assertFalse(
        outcomes
            .delivered(db, first.entry(), bytes("stale"), now + 20_004, false, now + 60_000)
            .forThisAttempt(),
        "another attempt's record is not the first attempt's own");
    assertEquals(
        List.of("DELIVERED 2"),
        strings("SELECT state || ' ' || attempts FROM inbox_push"),
        "the new attempt's outcome is recorded");
  }

  /**
   * A stale attempt's expiring failure, tried again after the attempt that took the push over
   * expired it in a redelivery pass (which counts no attempt): not its own record, so not counted a
   * second time. Its own expiring failure, tried again after its commit went through, is.
   */
  @Test
  void aStaleExpiryIsNotTakenForTheAttemptsOwnRecord() throws Exception {
    RecordedPush first = record("oA", "msg:1");
    InboxEntry takenOver = claims.claim(db, APP, now + 20_000, 20).get(0);
    assertTrue(outcomes.expire(db, takenOver));
    assertFalse(outcomes.failed(db, first.entry(), "503", now + 20_001, true));

    RecordedPush second = record("oB", "msg:2");
    assertTrue(outcomes.failed(db, second.entry(), "400", now + 1, true));
    assertTrue(
        outcomes.failed(db, second.entry(), "400", now + 1, true),
        "run again after its commit went through: its own record");
    committed();
    assertEquals(
        List.of("EXPIRED 1", "EXPIRED 1"),
        strings("SELECT state || ' ' || attempts FROM inbox_push ORDER BY id"));
  }

  @Test
  void deliveredPushesArePrunedAfterTheRetention() throws Exception {
    RecordedPush first = record("oA", "msg:1");
    outcomes.delivered(db, first.entry(), new byte[0], now, false, now + 60_000);
    committed();
    assertEquals(0, housekeeping().prune(db, now, now));
    assertEquals(1, housekeeping().prune(db, now + 1, now));
    assertEquals(RecordedPush.Kind.NEW, record("oA", "msg:1").kind());
  }

  /**
   * Replay records go in batches of whole seconds, oldest first, to the last second before the
   * bound: more than two batches' worth over five seconds, and the bound's own second stays.
   */
  @Test
  void oldReplayRecordsArePrunedInBatchesUpToTheBound() throws Exception {
    long second = now / 1000;
    int perSecond = InboxHousekeeping.PRUNE_BATCH / 2 + 1;
    try (Connection connection = db.getConnection();
        java.sql.PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO push_replay (pushed_at, app_id, query_hash, body_hash) "
                    + "VALUES (?, 'wxinbox000000001', ?, 'b')")) {
      connection.setAutoCommit(false);
      for (int s = 0; s <= 5; s++) {
        for (int q = 0; q < (s < 5 ? perSecond : 3); q++) {
          insert.setLong(1, second + s);
          insert.setString(2, "q" + s + "-" + q);
          insert.addBatch();
        }
      }
      insert.executeBatch();
      connection.commit();
    }

    assertEquals(5 * perSecond, housekeeping().prune(db, 0, (second + 5) * 1000));

    assertEquals(
        List.of("q5-0", "q5-1", "q5-2"),
        strings("SELECT query_hash FROM push_replay ORDER BY query_hash"));
    assertEquals(0, housekeeping().prune(db, 0, (second + 5) * 1000), "nothing older is left");
  }

  /** What a housekeeping pass deletes, and what it must keep however old it is. */
  @Test
  void housekeepingDeletesOnlyDeliveredPushesOldReplayRecordsAndIdleFollowerRows()
      throws Exception {
    RecordedPush deliveredLongAgo = record("oOld", "msg:1");
    outcomes.delivered(db, deliveredLongAgo.entry(), new byte[0], now, false, now + 60_000);
    RecordedPush deliveredJustNow = record("oNew", "msg:1");
    outcomes.delivered(
        db, deliveredJustNow.entry(), new byte[0], now + 10_000, false, now + 60_000);
    committed();
    RecordedPush expired = record("oExpired", "msg:1");
    assertTrue(outcomes.expire(db, expired.entry()));
    RecordedPush pending = record("oPending", "msg:1");
    outcomes.failed(db, pending.entry(), "503", now + 1, false);
    execute(
        "INSERT INTO push_replay (pushed_at, app_id, query_hash, body_hash) VALUES ("
            + now / 1000
            + ", 'wxinbox000000001', 'q-old', 'b'), ("
            + (now + 10_000) / 1000
            + ", 'wxinbox000000001', 'q-new', 'b')");
    execute("INSERT INTO inbox_follower (app_id, follower) VALUES ('wxinbox000000001', 'oGone')");

    assertEquals(
        2, housekeeping().prune(db, now + 5_000, now + 5_000), "one push, one replay record");

    assertEquals(
        List.of("oExpired", "oNew", "oPending"),
        strings("SELECT follower FROM inbox_push ORDER BY follower"),
        "expired and pending pushes stay whatever their age, a recent delivery too");
    assertEquals(List.of("q-new"), strings("SELECT query_hash FROM push_replay"));
    assertEquals(
        List.of("oExpired", "oNew", "oPending"),
        strings("SELECT follower FROM inbox_follower ORDER BY follower"),
        "the lock rows of followers with nothing left in the inbox go");
  }

  /**
   * Idle followers' lock rows go in batches, each prune going on from where the last one stopped:
   * starting from the first row each time, a prune with no more time than a batch would only ever
   * read the same 1,000 active rows.
   */
  @Test
  void idleFollowerRowsAreDeletedInBatchesFromWhereTheLastPruneStopped() throws Exception {
    try (Connection connection = db.getConnection();
        PreparedStatement push =
            connection.prepareStatement(
                "INSERT INTO inbox_push (app_id, follower, push_key, description, message, state, "
                    + "received_at, attempts, next_attempt_at) "
                    + "VALUES (?, ?, 'msg:1', 'text', ?, 'EXPIRED', 1, 0, 0)");
        PreparedStatement lock =
            connection.prepareStatement(
                "INSERT INTO inbox_follower (app_id, follower) VALUES (?, ?)")) {
      for (int i = 0; i < 1_000; i++) { // active: they sort before the idle ones
        push.setString(1, APP.value());
        push.setString(2, String.format("a%04d", i));
        push.setBytes(3, new byte[] {0});
        push.addBatch();
        lock.setString(1, APP.value());
        lock.setString(2, String.format("a%04d", i));
        lock.addBatch();
      }
      for (int i = 0; i < 1_500; i++) { // idle, under two accounts
        lock.setString(1, i % 2 == 0 ? APP.value() : "wxother000000001");
        lock.setString(2, String.format("o%04d", i));
        lock.addBatch();
      }
      push.executeBatch();
      lock.executeBatch();
    }
    InboxHousekeeping housekeeping = housekeeping();

    housekeeping.prune(db, now, now, Duration.ZERO); // the 1,000 active rows
    housekeeping.prune(db, now, now, Duration.ZERO); // 1,000 idle ones
    assertEquals(
        List.of(500L),
        longs("SELECT COUNT(*) FROM inbox_follower WHERE follower LIKE 'o%'"),
        "the second prune went on after the first one's batch");

    // a follower the sweep has passed goes idle: its last push, delivered long ago, is deleted
    execute("UPDATE inbox_push SET state = 'DELIVERED', answered_at = 1 WHERE follower = 'a0000'");
    assertTrue(housekeeping.prune(db, now, now, Duration.ofDays(1)).finished());
    assertEquals(
        List.of(999L),
        longs("SELECT COUNT(*) FROM inbox_follower"),
        "every idle row is gone, a0000's too (the sweep went round once more), every active one kept");
  }

  private List<Long> longs(String query) throws Exception {
    return column(query, row -> row.getLong(1));
  }

  private void execute(String sql) throws Exception {
    try (Connection connection = db.getConnection();
        Statement statement = connection.createStatement()) {
      statement.executeUpdate(sql);
    }
  }

  private List<String> strings(String query) throws Exception {
    return column(query, row -> row.getString(1));
  }

  /** What a row's first column is read as. */
  private interface ColumnReader<T> {
    T read(ResultSet row) throws SQLException;
  }

  /** The first column of each row, in order. */
  private <T> List<T> column(String query, ColumnReader<T> reader) throws Exception {
    try (Connection connection = db.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(query)) {
      List<T> values = new ArrayList<>();
      while (rows.next()) {
        values.add(reader.read(rows));
      }
      return values;
    }
  }

  /**
   * Two instances record two pushes of one follower at once: only the first may go to Udesk now,
   * the second is queued behind it. The other instance's record is held open in a transaction of
   * the test's until this instance's record waits for it, so the two certainly overlap. At a
   * follower's first push they meet on inserting its row (a unique-key race: run again, now behind
   * the lock); afterwards on its lock (taken before the insert's snapshot, which then sees the
   * other's push).
   */
  @Test
  void twoPushesOfOneFollowerRecordedAtOnceAreOneNewAndOneQueued() throws Exception {
    execute("INSERT INTO inbox_follower (app_id, follower) VALUES ('wxinbox000000001', 'oKnown')");
    for (String[] race :
        new String[][] {
          {"oFirst", "INSERT INTO inbox_follower"}, {"oKnown", "SELECT 1 FROM inbox_follower"}
        }) {
      String follower = race[0];
      assertEquals(
          RecordedPush.Kind.QUEUED,
          recordedWhileAnotherInstanceRecords(follower, "msg:1", "msg:2", race[1]).kind(),
          follower + ": only one of the two may go to Udesk at once");
      assertEquals(
          List.of("msg:1 SENDING", "msg:2 PENDING"),
          strings(
              "SELECT push_key || ' ' || state FROM inbox_push WHERE follower = '"
                  + follower
                  + "' ORDER BY id"));
    }
  }

  /**
   * A WeChat retry reaching two instances at once: the first records it, the second finds it
   * recorded. Forced as above. Without a follower (a message that is not XML: no follower lock) the
   * two meet on the push's unique key, and the second runs again; with one, as above.
   */
  @Test
  void theSamePushRecordedByTwoInstancesAtOnceIsNewOnceAndSeenOnce() throws Exception {
    execute("INSERT INTO inbox_follower (app_id, follower) VALUES ('wxinbox000000001', 'oKnown')");
    for (String[] race :
        new String[][] {
          {"", "INSERT INTO inbox_push"},
          {"oFirst", "INSERT INTO inbox_follower"},
          {"oKnown", "SELECT 1 FROM inbox_follower"}
        }) {
      String follower = race[0];
      RecordedPush retry = recordedWhileAnotherInstanceRecords(follower, "msg:1", "msg:1", race[1]);
      assertEquals(RecordedPush.Kind.SEEN, retry.kind(), "follower '" + follower + "'");
      assertEquals(EntryState.SENDING, retry.state(), "the other instance's attempt");
      assertEquals(
          List.of("1"),
          strings("SELECT COUNT(*) FROM inbox_push WHERE follower = '" + follower + "'"));
    }
  }

  /**
   * The same plaintext query and body checked by two instances at once: the first remembers it, the
   * second meets its record on the primary key, runs again and finds a retry.
   */
  @Test
  void aQueryCheckedByTwoInstancesAtOnceIsFirstOnceAndARetryOnce() throws Exception {
    ReplayGuard replays = replayGuardAt(now);
    String ts = String.valueOf(now / 1000);
    try (Connection other = db.getConnection();
        java.sql.PreparedStatement remember =
            other.prepareStatement(
                "INSERT INTO push_replay (pushed_at, app_id, query_hash, body_hash) "
                    + "VALUES (?, ?, ?, ?)")) {
      other.setAutoCommit(false);
      // the other instance's record of the same query (hashed as ReplayGuard.queryHash does)
      remember.setLong(1, now / 1000);
      remember.setString(2, APP.value());
      remember.setString(3, Digest.SHA_256.hex(bytes(ts + "\nn1\nsig")));
      remember.setString(4, Digest.SHA_256.hex(bytes("body")));
      remember.executeUpdate();
      FutureTask<ReplayVerdict> checking =
          startWaitingFor(
              other,
              "INSERT INTO push_replay",
              () -> replays.check(APP, ts, "n1", "sig", bytes("body")));
      other.commit();
      assertEquals(ReplayVerdict.RETRY, checking.get(10, TimeUnit.SECONDS));
    }
    assertEquals(List.of("1"), strings("SELECT COUNT(*) FROM push_replay"));
  }

  /**
   * This instance's record of {@code key} while another instance's record of {@code otherKey} of
   * the same follower is written and not committed yet; committed once this one waits for it at the
   * statement that starts with {@code meetingAt}.
   */
  private RecordedPush recordedWhileAnotherInstanceRecords(
      String follower, String otherKey, String key, String meetingAt) throws Exception {
    try (Connection other = db.getConnection()) {
      other.setAutoCommit(false);
      if (!follower.isEmpty()) {
        FollowerOrder.lock(other, APP, follower);
      }
      try (java.sql.PreparedStatement insert =
          other.prepareStatement(
              "INSERT INTO inbox_push (app_id, follower, push_key, description, message, state, "
                  + "received_at, attempts, next_attempt_at) "
                  + "VALUES (?, ?, ?, 'text', ?, 'SENDING', ?, 0, ?)")) {
        insert.setString(1, APP.value());
        insert.setString(2, follower);
        insert.setString(3, otherKey);
        insert.setBytes(4, bytes("<xml/>"));
        insert.setLong(5, now);
        insert.setLong(6, now + store.settings.leaseMillis());
        insert.executeUpdate();
      }
      FutureTask<RecordedPush> recording =
          startWaitingFor(other, meetingAt, () -> record(follower, key));
      other.commit();
      return recording.get(10, TimeUnit.SECONDS);
    }
  }

  /**
   * Starts {@code work} (one instance's database work) on a thread of its own and returns once it
   * waits for {@code other}'s open transaction at a statement that starts with {@code statement}:
   * only then do the two instances' work certainly overlap, whatever the threads' timing. Fails if
   * the work ends first, or does not wait there within 10 s.
   */
  private <T> FutureTask<T> startWaitingFor(
      Connection other, String statement, java.util.concurrent.Callable<T> work) throws Exception {
    FutureTask<T> started = new FutureTask<>(work);
    Thread thread = new Thread(started, "instance-racing-the-other");
    thread.setDaemon(true);
    thread.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try (Connection observer = db.getConnection()) {
      while (!waitsFor(other, observer, statement)) {
        if (started.isDone()) {
          fail(
              "done without waiting for the other instance at "
                  + statement
                  + ": "
                  + outcome(started));
        }
        if (System.nanoTime() > deadline) {
          fail("not waiting for the other instance at " + statement + " after 10 s");
        }
        Thread.sleep(1);
      }
    }
    return started;
  }

  private static String outcome(FutureTask<?> done) throws InterruptedException {
    try {
      return String.valueOf(done.get());
    } catch (ExecutionException failed) {
      return failed.getCause().toString();
    }
  }

  /**
   * Whether another session runs a statement that starts with {@code statement} while {@code
   * holder}'s transaction is open (overridden for PostgreSQL). H2 names a blocker (BLOCKER_ID) only
   * for a row lock: on a unique key that an open transaction inserted, it runs the statement again
   * and again, RUNNING and with the snapshot taken when it began (Command.executeUpdate), until
   * that transaction ends. Either way a statement shown as executing took its snapshot before (H2
   * sets it as the session's command right after), so it cannot see the held rows and must meet
   * them.
   */
  boolean waitsFor(Connection holder, Connection observer, String statement) throws Exception {
    try (java.sql.PreparedStatement sessions =
        observer.prepareStatement(
            "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS "
                + "WHERE EXECUTING_STATEMENT LIKE ? AND SESSION_ID <> SESSION_ID()")) {
      sessions.setString(1, statement + "%");
      try (ResultSet count = sessions.executeQuery()) {
        return count.next() && count.getInt(1) > 0;
      }
    }
  }

  /** What the single statement that records a new push writes, for each kind of new push. */
  @Test
  void aNewPushIsLeasedAndOneBehindAnOpenPushOrHeldIsPendingAndDueNow() throws Exception {
    String owner = store.settings.owner();
    long started = System.nanoTime();
    record("oK", "msg:1");
    // the lease runs from the record's writing, to the whole second: now + lease unless the record
    // waited a second or more (a loaded machine)
    long waited = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
    long leaseEnd =
        Long.parseLong(
            strings("SELECT CAST(lease_until AS VARCHAR(20)) FROM inbox_push ORDER BY id").get(0));
    long earliest = now + store.settings.leaseMillis();
    assertTrue(
        leaseEnd >= earliest && leaseEnd <= earliest + waited * 1_000,
        leaseEnd + " within " + waited + " s of " + earliest);
    record("oK", "msg:2");
    store.record(db, APP, new PushIdentity("oK", "msg:3"), "text", bytes("<xml/>"), now, false);
    RecordedPush held =
        store.record(db, APP, new PushIdentity("oL", "msg:1"), "text", bytes("<xml/>"), now, false);
    assertEquals(RecordedPush.Kind.HELD, held.kind());
    assertEquals(
        List.of(
            "oK msg:1 SENDING " + leaseEnd + " " + owner + " " + leaseEnd,
            "oK msg:2 PENDING " + now + " null null",
            "oK msg:3 PENDING " + now + " null null",
            "oL msg:1 PENDING " + now + " null null"),
        strings(
            "SELECT follower || ' ' || push_key || ' ' || state || ' ' || next_attempt_at || ' ' "
                + "|| COALESCE(lease_owner, 'null') || ' ' || COALESCE(CAST(lease_until AS "
                + "VARCHAR(20)), 'null') FROM inbox_push ORDER BY id"));
  }

  @Test
  void aHeldPushBehindAnOpenOneIsReportedQueued() throws Exception {
    record("oQ", "msg:1");
    assertEquals(
        RecordedPush.Kind.QUEUED,
        store
            .record(db, APP, new PushIdentity("oQ", "msg:2"), "text", bytes("<xml/>"), now, false)
            .kind());
  }

  /**
   * On the normal path a new push costs one statement, after its follower's lock on PostgreSQL only
   * (on the embedded database this instance's one writer decides: BridgeDatabase.exclusive), and a
   * new plaintext query one: each statement is a round trip on PostgreSQL.
   */
  @Test
  void aNewPushAndANewQueryAreOneStatementEach() throws Exception {
    boolean embedded = onTheEmbeddedDatabase();
    store.database =
        new BridgeDatabase() {
          @Override
          public boolean exclusive(javax.sql.DataSource candidate) {
            return embedded;
          }
        };
    RecordedPush first = record("oS", "msg:1");
    outcomes.delivered(db, first.entry(), new byte[0], now, false, now + 60_000);
    CountingDataSource counting = new CountingDataSource(true);
    javax.sql.DataSource counted = counting.wrap(db);
    store.record(counted, APP, new PushIdentity("oS", "msg:2"), "text", bytes("<xml/>"), now, true);
    assertStatements(
        embedded
            ? List.of("INSERT INTO inbox_push ")
            : List.of("SELECT 1 FROM inbox_follower ", "INSERT INTO inbox_push "),
        counting.statements());

    ReplayGuard replays = replayGuardAt(now);
    replays.database = new ReadyDatabase(counted);
    counting.reset();
    replays.check(APP, String.valueOf(now / 1000), "n1", "sig", bytes("body"));
    assertStatements(List.of("INSERT INTO push_replay "), counting.statements());
  }

  /** {@code statements} are as many as {@code starts}, in their order. */
  private static void assertStatements(List<String> starts, List<String> statements) {
    assertEquals(starts.size(), statements.size(), "statements " + statements);
    for (int i = 0; i < starts.size(); i++) {
      assertTrue(statements.get(i).startsWith(starts.get(i)), "statements " + statements);
    }
  }

  private boolean onTheEmbeddedDatabase() throws Exception {
    try (Connection connection = db.getConnection()) {
      return connection.getMetaData().getDatabaseProductName().startsWith("H2");
    }
  }

  @Test
  void whatIsDueIsFoundByARangeOverOpenPushesNotAllOfThem() throws Exception {
    List<String> queries = new ArrayList<>(List.of(InboxHousekeeping.DUE_ACCOUNTS.split("UNION")));
    queries.add(InboxClaims.claimQuery(20));
    queries.add(InboxClaims.unsentRepliesQuery(20));
    queries.add(InboxStatus.LAST_ERROR);
    assertEquals(5, queries.size());
    for (String query : queries) {
      String plan =
          embeddedPlan(
              query
                  .replace("next_attempt_at <= ?", "next_attempt_at <= 1")
                  .replace("app_id = ?", "app_id = 'a'"));
      assertTrue(
          plan.split("/\\*", 2)[1].startsWith(" PUBLIC.INBOX_PUSH_DUE"),
          "every delivered push stays for bridge.inbox.retention; a pass must not read them"
              + " all, but range over the open ones and the replies in flight: "
              + plan);
    }
  }

  /**
   * The retention's delete read every delivered push kept at each prune: over a second on a busy
   * instance, longer than a prune's share of a redelivery pass, so no prune got further and every
   * pass reread them (the benchmark's backlog after Udesk was down went 30 a second, not 500). Nor
   * may it read the pushes not delivered (H2 sorts their NULL answered_at first).
   */
  @Test
  void theRetentionsDeleteReadsOnlyTheOldDeliveredPushes() throws Exception {
    try (Connection connection = db.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO inbox_push (app_id, follower, push_key, description, message, state, "
                    + "received_at, attempts, next_attempt_at, answered_at) "
                    + "VALUES (?, ?, ?, 'text', ?, ?, 1, 0, 0, ?)")) {
      for (int i = 0; i < 3_000; i++) {
        boolean delivered = i % 3 == 0; // 1,000 delivered, 10 of them old enough
        insert.setString(1, APP.value());
        insert.setString(2, "o" + i);
        insert.setString(3, "msg:" + i);
        insert.setBytes(4, new byte[] {0});
        insert.setString(5, delivered ? "DELIVERED" : i % 3 == 1 ? "PENDING" : "EXPIRED");
        insert.setObject(6, delivered ? (i < 30 ? 10L : 1_000L) : null, Types.BIGINT);
        insert.addBatch();
      }
      insert.executeBatch();
    }
    String delete = InboxHousekeeping.DELETE_DELIVERED;
    String select = delete.substring(delete.indexOf("(") + 1, delete.lastIndexOf(")"));
    String plan = embeddedPlan("ANALYZE " + select.replace("answered_at < ?", "answered_at < 100"));
    assertTrue(
        plan.split("/\\*", 2)[1].startsWith(" PUBLIC.INBOX_PUSH_ANSWERED"),
        "a range over the time Udesk answered them: " + plan);
    Matcher scanned = Pattern.compile("scanCount: (\\d+)").matcher(plan);
    assertTrue(scanned.find(), plan);
    assertTrue(
        Integer.parseInt(scanned.group(1)) <= 20,
        "the 10 old delivered pushes, not the 2,990 others: " + plan);
  }

  /**
   * Two instances on one database: a stranger's body for a query another instance took is refused
   * by the database and not remembered by this instance, so WeChat's retry of the genuine body
   * reaching it is answered as a retry, not refused from its memory.
   */
  @Test
  void aBodyTheDatabaseRefusedIsNotWhatThisInstanceRemembers() throws Exception {
    ReplayGuard first = replayGuardAt(now);
    ReplayGuard second = replayGuardAt(now);
    String ts = String.valueOf(now / 1000);

    assertEquals(ReplayVerdict.FIRST, first.check(APP, ts, "n7", "sig", bytes("genuine")));
    assertEquals(ReplayVerdict.OTHER_BODY, second.check(APP, ts, "n7", "sig", bytes("forged")));
    assertEquals(ReplayVerdict.RETRY, second.check(APP, ts, "n7", "sig", bytes("genuine")));
    assertEquals(
        ReplayVerdict.OTHER_BODY,
        second.check(APP, ts, "n7", "sig", bytes("forged")),
        "and from then on this instance refuses the stranger's body itself");
  }

  @Test
  void aPlaintextQueryIsRememberedWithItsBodyAndPrunedByItsOwnTimestamp() throws Exception {
    long pushedAt = 1_700_000_000L;
    ReplayGuard replays = replayGuardAt(pushedAt * 1000 + 250_000); // the push came 250 s late
    String ts = String.valueOf(pushedAt);
    AppId other = new AppId("wxother000000001");
    assertEquals(ReplayVerdict.FIRST, replays.check(APP, ts, "n1", "sig", bytes("body-a")));
    replays.clock = Clock.fixed(Instant.ofEpochMilli(pushedAt * 1000 - 290_000), ZoneOffset.UTC);
    assertEquals(
        ReplayVerdict.RETRY,
        replays.check(APP, ts, "n1", "sig", bytes("body-a")),
        "the same query and body, at another second of the bridge's clock: WeChat's retry");
    assertEquals(ReplayVerdict.OTHER_BODY, replays.check(APP, ts, "n1", "sig", bytes("body-b")));
    assertEquals(ReplayVerdict.FIRST, replays.check(APP, ts, "n2", "sig", bytes("body-b")));
    assertEquals(
        ReplayVerdict.FIRST,
        replays.check(other, ts, "n1", "sig", bytes("body-b")),
        "another account's query is its own");
    committed();
    assertEquals(
        0,
        housekeeping().prune(db, 0, pushedAt * 1000),
        "a record stays while its push's timestamp is not before the bound");
    assertEquals(ReplayVerdict.OTHER_BODY, replays.check(APP, ts, "n1", "sig", bytes("body-c")));
    assertEquals(3, housekeeping().prune(db, 0, (pushedAt + 1) * 1000));
    ReplayGuard restarted = replayGuardAt(pushedAt * 1000 - 290_000); // this one's memory is empty
    assertEquals(ReplayVerdict.FIRST, restarted.check(APP, ts, "n1", "sig", bytes("body-c")));
  }

  @Test
  void anEncryptedPushsQueryIsRememberedWithoutWaitingAndRefusesEveryPlaintextBody()
      throws Exception {
    long now = System.currentTimeMillis();
    ReplayGuard replays = replayGuardAt(now);
    String ts = String.valueOf(now / 1000);
    byte[] encrypted = bytes("<xml><Encrypt><![CDATA[abc]]></Encrypt></xml>");
    replays.rememberEncrypted(APP, ts, "n9", "sig", encrypted, true);
    // the plaintext check is the writer's next unit: it runs after the queued record
    assertEquals(
        ReplayVerdict.OTHER_BODY,
        replays.check(APP, ts, "n9", "sig", encrypted),
        "even the push's own body, sent as plaintext");
    assertEquals(ReplayVerdict.OTHER_BODY, replays.check(APP, ts, "n9", "sig", bytes("forged")));
    replays.rememberEncrypted(APP, ts, "n9", "sig", encrypted, true); // WeChat's retry: no failure
    String stale = String.valueOf(now / 1000 - 1_000);
    replays.rememberEncrypted(APP, stale, "n8", "sig", encrypted, true);
    assertEquals(ReplayVerdict.FIRST, replays.check(APP, ts, "n8", "sig", bytes("other query")));
    int records =
        commits.run(
            db,
            c -> {
              try (var select = c.createStatement();
                  var row = select.executeQuery("SELECT COUNT(*) FROM push_replay")) {
                row.next();
                return row.getInt(1);
              }
            });
    assertEquals(2, records, "the encrypted push's and the last check's; not the stale query");
  }

  /** A replay guard on this test's database, its clock at {@code millis}, a skew of 300 s. */
  private ReplayGuard replayGuardAt(long millis) {
    ReplayGuard replays = new ReplayGuard();
    replays.commits = commits;
    replays.settings = new InboxSettings();
    replays.settings.maxClockSkewSeconds = 300;
    replays.clock = Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    replays.database = new ReadyDatabase(db);
    return replays;
  }

  @Test
  void anOperatorsCountsReadTheOpenPushesNotTheRetainedOnes() throws Exception {
    String plan =
        embeddedPlan(InboxStatus.COUNTS.replace("next_attempt_at < ?", "next_attempt_at < 1"));
    assertEquals(
        2,
        plan.split("PUBLIC.INBOX_PUSH_DUE: STATE", -1).length - 1,
        "both parts range over the due index, none reads every push kept: " + plan);
  }

  @Test
  void aNewPushsInsertLooksForTheFollowersOpenPushAndItsIdentityByIndex() throws Exception {
    String plan = embeddedPlan(InboxStore.INSERT_NEW.replace("?", "'1'"));
    assertTrue(
        plan.contains("PUBLIC.INBOX_PUSH_FOLLOWER: STATE IN('PENDING', 'SENDING')"),
        "the follower's open pushes, not all its delivered ones: " + plan);
    assertTrue(plan.contains("PUBLIC.INBOX_PUSH_IDENTITY"), "the unique key: " + plan);
  }

  /** H2's plan of {@code query}; skipped on another database, whose plans depend on its data. */
  private String embeddedPlan(String query) throws Exception {
    try (Connection connection = db.getConnection();
        Statement explain = connection.createStatement()) {
      String product = connection.getMetaData().getDatabaseProductName();
      Assumptions.assumeTrue(
          product.startsWith("H2"), "plans checked on the embedded default: " + product);
      try (ResultSet plan = explain.executeQuery("EXPLAIN " + query)) {
        assertTrue(plan.next(), "a plan");
        return plan.getString(1);
      }
    }
  }

  @Test
  void everyConfiguredAccountIsCountedAndOnlyAPendingPushHasAnAge() throws Exception {
    RecordedPush lateReply = record("oA", "msg:1");
    outcomes.delivered(db, lateReply.entry(), bytes("late answer"), now, true, now + 60_000);
    committed();
    List<AccountInboxCounts> counts =
        InboxStatus.read(db, now + 5_000, List.of("wxquiet000000001", APP.value()));
    assertEquals(
        List.of(APP.value(), "wxquiet000000001"),
        counts.stream().map(AccountInboxCounts::appId).toList());
    assertEquals(1, counts.get(0).unsentReplies());
    for (AccountInboxCounts account : counts) {
      assertEquals(
          0, account.pending() + account.retrying() + account.expired(), account.toString());
      assertEquals(
          Optional.empty(), account.oldestPending(), "nothing pending, no age: " + account);
    }
    record("oB", "msg:2");
    AccountInboxCounts withPending = InboxStatus.read(db, now + 5_000, List.of()).get(0);
    assertEquals(APP.value(), withPending.appId());
    assertEquals(1, withPending.pending());
    assertEquals(Optional.of(Duration.ofMillis(5_000)), withPending.oldestPending());
  }

  /**
   * An outcome rides on the next commit (GroupCommit.runBeforeCommit): this is one, for what reads
   * on a connection of its own, as the housekeeping's prune does.
   */
  private void committed() throws Exception {
    commits.run(db, connection -> null);
  }

  private InboxHousekeeping housekeeping() {
    InboxHousekeeping housekeeping = new InboxHousekeeping();
    housekeeping.commits = commits;
    return housekeeping;
  }

  private RecordedPush record(String follower, String key) throws Exception {
    return store.record(
        db, APP, new PushIdentity(follower, key), "text", bytes("<xml/>"), now, true);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
