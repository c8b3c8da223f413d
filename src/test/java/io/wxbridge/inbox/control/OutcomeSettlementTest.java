package io.wxbridge.inbox.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.database.control.BridgeDatabase;
import io.wxbridge.database.control.DatabaseClock;
import io.wxbridge.database.control.GroupCommit;
import io.wxbridge.forward.entity.UdeskDelivery;
import io.wxbridge.inbox.entity.InboxEntry;
import io.wxbridge.inbox.entity.InboxEvent;
import io.wxbridge.inbox.entity.PushIdentity;
import io.wxbridge.inbox.entity.RecordedPush;
import io.wxbridge.outbound.control.OutboundPools;
import io.wxbridge.outbound.entity.PoolName;
import io.wxbridge.push.WeChatAccount;
import io.wxbridge.testing.DirectEvent;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An outcome the database cannot take at once is recorded when it can, while the attempt's lease
 * certainly runs: a probe stalled PostgreSQL for 3 s, and 7 pushes whose outcomes were dropped
 * reached Udesk and their followers a second time after the lease.
 */
class OutcomeSettlementTest {
  private static final AppId APP = new AppId("wxinbox000000001");

  private final JdbcConnectionPool embedded =
      JdbcConnectionPool.create(
          "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
  private final GroupCommit commits = new GroupCommit();
  private final InboxSettings settings = new InboxSettings();
  private final InboxTimers timers = new InboxTimers();
  private final LeaseWindow window = new LeaseWindow();
  private final java.util.concurrent.ExecutorService retries =
      java.util.concurrent.Executors.newFixedThreadPool(2);
  private final OutboundPools pools =
      new OutboundPools() {
        @Override
        public java.util.concurrent.ExecutorService bounded(
            PoolName name, int maxThreads, int queue) {
          return retries;
        }
      };
  private final AtomicInteger unavailableFor = new AtomicInteger();
  private final AtomicInteger settled = new AtomicInteger();
  private final List<SQLException> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
  private InboxEntry entry;

  /** Look-ups by identity that reached the database, and identities the next one does not see. */
  private final java.util.Map<PushIdentity, AtomicInteger> lookUps =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final java.util.Set<PushIdentity> notSeenYet =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  @BeforeEach
  void recordAPush() throws SQLException {
    Flyway.configure().dataSource(embedded).locations("classpath:db/migration").load().migrate();
    settings.leaseMillis = 15_000;
    settings.lateReplyTimeoutMillis = 10_000; // so recording is tried for about 4 s
    settings.replyTimeoutMillis = 4_000;
    InboxStore store = new InboxStore();
    store.commits = commits;
    store.settings = settings;
    entry =
        store
            .record(
                embedded,
                APP,
                new PushIdentity("oFollower", "msg:1"),
                "text",
                "<xml/>".getBytes(StandardCharsets.UTF_8),
                System.currentTimeMillis(),
                true)
            .entry();
    timers.threads = io.wxbridge.testing.DaemonThreads.named("settlement-test");
    timers.start();
    window.settings = settings;
    window.timers = timers;
    window.work = new InboxWork();
    window.clock = new DatabaseClock();
  }

  @AfterEach
  void stop() {
    timers.stop();
    retries.shutdownNow();
    commits.stop();
    embedded.dispose();
  }

  @Test
  void anOutcomeTheDatabaseCouldNotTakeAtOnceIsRecordedWhenItCan() throws Exception {
    unavailableFor.set(2); // off at the answer and at the first retry, back for the second
    settleAnsweredNow(settlement());
    awaitState("DELIVERED", Duration.ofSeconds(4));
    assertEquals("DELIVERED", state(), "recorded once the database is back");
    assertEquals(1, settled.get(), "settled once, after the retry (a stop waits for it)");
  }

  @Test
  void anOutcomeTheDatabaseNeverTakesIsLeftToTheLease() throws Exception {
    unavailableFor.set(Integer.MAX_VALUE);
    settleAnsweredNow(settlement());
    Thread.sleep(5_500); // past the window (lease - late-reply-timeout)
    unavailableFor.set(0);
    Thread.sleep(1_500); // no retry is left to record it now
    assertEquals("SENDING", state(), "given up: delivered again once its lease is over");
    assertEquals(1, settled.get(), "settled once, when given up");
  }

  @Test
  void aStoppingBridgeDoesNotTryAgain() throws Exception {
    unavailableFor.set(Integer.MAX_VALUE);
    OutcomeSettlement settlement = settlement();
    window.work.close(Duration.ZERO);
    settleAnsweredNow(settlement);
    assertEquals(1, settled.get(), "settled at once: the stop does not wait for a database");
    assertEquals("SENDING", state(), "delivered again after the restart, once its lease is over");
  }

  /**
   * A push forwarded without the inbox because its record was reported failed, whose record was
   * committed all the same: its outcome is recorded, or it would go to Udesk again after the lease.
   * Not a row another record wrote (a WeChat retry's: another receipt time), nor a forward Udesk
   * did not take (left to the lease: it may not have reached Udesk).
   */
  @Test
  void theOutcomeOfAPushRecordedAfterAllIsRecordedOnlyOnItsOwnRow() throws Exception {
    UnrecordedForwards unrecorded = unrecordedForwards();
    InboxEntry recordedAfterAll = recordUnderTheAccount(unrecorded.store, "msg:2");
    InboxEntry aRetrysRow = recordUnderTheAccount(unrecorded.store, "msg:3");
    InboxEntry notTaken = recordUnderTheAccount(unrecorded.store, "msg:4");
    CompletableFuture<UdeskDelivery> forward = new CompletableFuture<>();
    unavailableFor.set(3); // the database answers a few seconds after the forward
    unrecorded.settleIfRecorded(
        account(), recordedAfterAll.identity(), recordedAfterAll.receivedAt(), forward);
    unrecorded.settleIfRecorded(
        account(),
        aRetrysRow.identity(),
        aRetrysRow.receivedAt() + 1_000, // the failed record began after the retry's row
        CompletableFuture.completedFuture(answered()));
    unrecorded.settleIfRecorded(
        account(),
        notTaken.identity(),
        notTaken.receivedAt(),
        CompletableFuture.completedFuture(
            UdeskDelivery.unreachable("connection refused", Duration.ZERO)));
    Thread.sleep(200);
    assertEquals("SENDING", state(recordedAfterAll), "nothing before the forward's outcome");
    forward.complete(answered());
    entry = recordedAfterAll;
    awaitState("DELIVERED", Duration.ofSeconds(8));
    assertEquals("DELIVERED", state(recordedAfterAll));
    awaitFound(aRetrysRow.identity(), 1, Duration.ofSeconds(8));
    Thread.sleep(200); // what a look-up that took the row would have committed by now
    assertEquals("SENDING", state(aRetrysRow), "another record's row is left alone");
    assertEquals("SENDING", state(notTaken), "left to its lease");
  }

  /**
   * A commit the database finishes as it resumes may not be seen by a statement begun beside it:
   * the first look-up finds nothing, a later one the row.
   */
  @Test
  void aPushRecordedAfterAllIsFoundByALaterLookUpWhenTheFirstFindsNothing() throws Exception {
    UnrecordedForwards unrecorded = unrecordedForwards();
    entry = recordUnderTheAccount(unrecorded.store, "msg:5");
    notSeenYet.add(entry.identity()); // the first look-up's statement does not see the commit
    unrecorded.settleIfRecorded(
        account(),
        entry.identity(),
        entry.receivedAt(),
        CompletableFuture.completedFuture(answered()));
    awaitState("DELIVERED", Duration.ofSeconds(4));
    assertEquals("DELIVERED", state(), "found by the look-up a second later");
    assertEquals(2, found(entry.identity()));
  }

  @Test
  void aPushThatWasNotRecordedAfterAllIsLookedUpThreeTimes() throws Exception {
    UnrecordedForwards unrecorded = unrecordedForwards();
    PushIdentity identity = new PushIdentity("oNever", "msg:6");
    long recordedAt = System.currentTimeMillis() + 5_000; // a window long enough for 8 look-ups
    unrecorded.settleIfRecorded(
        account(), identity, recordedAt, CompletableFuture.completedFuture(answered()));
    awaitFound(identity, UnrecordedForwards.LOOK_UPS_FINDING_NOTHING, Duration.ofSeconds(4));
    Thread.sleep(2_000); // a look-up too many would have come a second after the last
    assertEquals(UnrecordedForwards.LOOK_UPS_FINDING_NOTHING, found(identity));
  }

  /**
   * An attempt whose outcome came after its lease ran out, the push taken over meanwhile by the
   * same instance: its late reply is not sent (the attempt that took it over sends its own, and the
   * follower got two), and it does not settle the push; the new attempt's does both.
   */
  @Test
  void aLateReplyOfAnAttemptTakenOverMeanwhileIsNotSentAndSettlesNothing() throws Exception {
    InboxEntry takenOver = takeOver();
    List<InboxEntry> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
    OutcomeSettlement settlement = settlement();
    settlement.lateReplies =
        new LateReplies() {
          @Override
          void send(
              io.wxbridge.accounts.entity.Account account,
              InboxEntry entry,
              byte[] reply,
              Optional<DataSource> recordIn,
              boolean followerWaits) {
            sent.add(entry);
          }
        };

    settleLate(settlement, entry);
    commits.run(embedded, committed -> null); // what the outcome ran is committed by now
    assertEquals(List.of(), sent, "the stale attempt's reply is not sent");
    assertEquals("SENDING", state(), "nor does it settle the push");

    settleLate(settlement, takenOver);
    commits.run(embedded, committed -> null);
    assertEquals(List.of(takenOver), sent, "the attempt that took it over sends its reply");
    assertEquals("DELIVERED", state());
  }

  /**
   * A failure that expires the push (refused for itself, or too old) is counted as an expiry only
   * where it is recorded: the stale attempt's changes nothing (the push is the attempt's that took
   * it over) and counts none.
   */
  @Test
  void anExpiryOfAnAttemptTakenOverMeanwhileChangesNothingAndIsNotCounted() throws Exception {
    InboxEntry takenOver = takeOver();
    List<InboxEvent> counted = new java.util.concurrent.CopyOnWriteArrayList<>();
    OutcomeSettlement settlement = settlement();
    settlement.events = new DirectEvent<>(counted::add);

    settleExpiring(settlement, entry);
    assertEquals(List.of(), counted, "the stale attempt's expiry is not counted");
    assertEquals("SENDING", state(), "nor recorded");

    settleExpiring(settlement, takenOver);
    assertEquals(List.of(new InboxEvent(APP, InboxEvent.Kind.EXPIRED)), counted);
    assertEquals("EXPIRED", state());
    assertEquals(2, settled.get(), "each settled once");
  }

  /** The recorded push, taken over by this instance's next claim once its lease ran out. */
  private InboxEntry takeOver() throws SQLException {
    InboxClaims claims = new InboxClaims();
    claims.commits = commits;
    claims.settings = settings;
    return claims.claim(embedded, APP, System.currentTimeMillis() + 20_000, 20).get(0);
  }

  private void settleExpiring(OutcomeSettlement settlement, InboxEntry attempt) {
    settle(settlement, attempt, UdeskDelivery.refused(400, Duration.ofMillis(5)), false, true);
  }

  private void settleLate(OutcomeSettlement settlement, InboxEntry attempt) {
    byte[] reply = "<xml><MsgType>text</MsgType></xml>".getBytes(StandardCharsets.UTF_8);
    settle(settlement, attempt, UdeskDelivery.answered(reply, Duration.ofMillis(5)), true, false);
  }

  /** Udesk's answer (or failure) for {@code attempt} came now. */
  private void settle(
      OutcomeSettlement settlement,
      InboxEntry attempt,
      UdeskDelivery delivery,
      boolean late,
      boolean expire) {
    settlement.settle(
        account(),
        attempt,
        delivery,
        late,
        expire,
        0,
        System.currentTimeMillis(),
        settled::incrementAndGet);
  }

  private void awaitFound(PushIdentity identity, int times, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (found(identity) < times && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  private int found(PushIdentity identity) {
    return lookUps.getOrDefault(identity, new AtomicInteger()).get();
  }

  private UnrecordedForwards unrecordedForwards() {
    UnrecordedForwards unrecorded = new UnrecordedForwards();
    unrecorded.clock = new DatabaseClock();
    unrecorded.database = settlement().database;
    unrecorded.settlement = settlement();
    unrecorded.store =
        new InboxStore() {
          @Override
          public Optional<RecordedPush> find(DataSource db, AppId appId, PushIdentity identity)
              throws SQLException {
            Optional<RecordedPush> found = super.find(db, appId, identity);
            lookUps.computeIfAbsent(identity, any -> new AtomicInteger()).incrementAndGet();
            return notSeenYet.remove(identity) ? Optional.empty() : found;
          }
        };
    unrecorded.store.commits = commits;
    unrecorded.store.settings = settings;
    unrecorded.settings = settings;
    unrecorded.window = window;
    unrecorded.pools = pools;
    unrecorded.start();
    return unrecorded;
  }

  private InboxEntry recordUnderTheAccount(InboxStore store, String key) throws SQLException {
    return store
        .record(
            embedded,
            account().appId(),
            new PushIdentity("o" + key, key),
            "text",
            "<xml/>".getBytes(StandardCharsets.UTF_8),
            System.currentTimeMillis(),
            true)
        .entry();
  }

  private OutcomeSettlement settlement() {
    OutcomeSettlement settlement = new OutcomeSettlement();
    settlement.clock = new DatabaseClock();
    settlement.window = window;
    settlement.pools = pools;
    settlement.outcomes = new InboxOutcomes();
    settlement.outcomes.settings = settings;
    settlement.outcomes.commits = commits;
    settlement.redelivery = new Redelivery();
    settlement.redelivery.clock = new DatabaseClock();
    settlement.events = new DirectEvent<>();
    settlement.database =
        new BridgeDatabase() {
          @Override
          public Optional<DataSource> ready() {
            return unavailableFor.getAndDecrement() > 0 ? Optional.empty() : Optional.of(embedded);
          }

          @Override
          public void failed(SQLException failure) {
            failures.add(failure);
          }
        };
    settlement.start();
    return settlement;
  }

  private static io.wxbridge.accounts.entity.Account account() {
    return WeChatAccount.PLAIN.asConfigured();
  }

  private static UdeskDelivery answered() {
    return UdeskDelivery.answered(new byte[0], Duration.ofMillis(5));
  }

  private void awaitState(String wanted, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (!wanted.equals(state()) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  private String state() throws SQLException {
    return state(entry);
  }

  private String state(InboxEntry push) throws SQLException {
    try (Connection connection = embedded.getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT state FROM inbox_push WHERE id = ?")) {
      select.setLong(1, push.id());
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getString(1);
      }
    }
  }

  /** Udesk's answer came now: it is recorded, or tried again within the window from now. */
  private void settleAnsweredNow(OutcomeSettlement settlement) {
    settle(settlement, entry, answered(), false, false);
  }
}
