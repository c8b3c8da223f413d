package io.wxbridge.inbox.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.accounts.control.Accounts;
import io.wxbridge.accounts.entity.Account;
import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.database.control.DatabaseClock;
import io.wxbridge.database.control.DatabaseClocks;
import io.wxbridge.database.control.GroupCommit;
import io.wxbridge.forward.control.UdeskCapacity;
import io.wxbridge.forward.entity.UdeskDelivery;
import io.wxbridge.inbox.entity.InboxEntry;
import io.wxbridge.inbox.entity.PushIdentity;
import io.wxbridge.push.WeChatAccount;
import io.wxbridge.testing.DirectEvent;
import io.wxbridge.testing.ReadyDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A redelivery pass hands Udesk no more than the account's forward pool would start at once: while
 * Udesk hangs, the pool is full and the backlog is not claimed (and refused, and recorded) again
 * and again.
 */
class RedeliveryTest {
  private static final Account ACCOUNT = WeChatAccount.PLAIN.asConfigured();
  private final GroupCommit commits = new GroupCommit();
  private final List<InboxEntry> attempted = new ArrayList<>();
  private JdbcConnectionPool pool;
  private Redelivery redelivery;
  private InboxStore store;
  private int idleForwards;
  private boolean refusing;
  private RuntimeException passesFail;
  private Runnable beforeClaims = () -> {};

  @BeforeEach
  void fivePushesDueForRedelivery() throws Exception {
    pool =
        JdbcConnectionPool.create(
            "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
    redelivery = redelivery(pool);
    long now = System.currentTimeMillis();
    for (int i = 0; i < 5; i++) {
      recordDue(i, now);
    }
  }

  /** A push of follower o{i} received at {@code receivedAt}, refused once, due now. */
  private void recordDue(int i, long receivedAt) throws SQLException {
    InboxEntry entry =
        store
            .record(
                pool,
                ACCOUNT.appId(),
                new PushIdentity("o" + i, "msg:" + i),
                "text",
                "<xml/>".getBytes(StandardCharsets.UTF_8),
                receivedAt,
                true)
            .entry();
    redelivery.outcomes.failed(pool, entry, "HTTP 503", System.currentTimeMillis() - 1, false);
  }

  @AfterEach
  void close() {
    commits.stop();
    pool.dispose();
  }

  @Test
  void aPassTakesOnlyWhatTheAccountsIdleForwardsCanStart() {
    idleForwards = 2;
    redelivery.pass();
    assertEquals(2, attempted.size(), "two idle forwards: two pushes handed to Udesk");
  }

  @Test
  void aPassClaimsNothingWhileTheAccountsForwardsAreAllBusy() throws Exception {
    idleForwards = 0;
    redelivery.pass();
    assertEquals(0, attempted.size(), "a full forward pool: nothing claimed");
    idleForwards = 64;
    redelivery.pass();
    assertEquals(5, attempted.size(), "once forwards are idle, the whole backlog goes");
  }

  @Test
  void whileUdeskRefusesAPassSendsOneProbePerPollInterval() {
    idleForwards = 64;
    refusing = true;
    redelivery.pass();
    redelivery.pass();
    assertEquals(1, attempted.size(), "one probe, not the backlog, and not again at once");
    refusing = false;
    redelivery.pass();
    assertEquals(5, attempted.size(), "Udesk takes pushes again: the backlog goes");
  }

  /**
   * Instances sharing a database judge its rows by its clock: one whose own clock runs 70 s ahead
   * of the database's does not take pushes before they are due (by its own clock it took over
   * pushes other instances still had under lease).
   */
  @Test
  void anInstanceWhoseClockRunsAheadTakesNothingBeforeItIsDueByTheDatabasesClock() {
    idleForwards = 64;
    redelivery.clock = DatabaseClocks.ofServerAhead(-70_000);

    redelivery.pass();

    assertEquals(0, attempted.size(), "due now, not 70 s ago: " + attempted);
    redelivery.clock = new DatabaseClock();
    redelivery.pass();
    assertEquals(5, attempted.size());
  }

  /**
   * A reviewer's point: a stop cancelled the next passes only, and one already running claimed and
   * leased pushes while the database closed under it; their outcomes could not be recorded, and
   * Udesk got them again after the restart.
   */
  @Test
  void aStopWaitsForARunningPassWhichClaimsNothingOnceTheStopHasBegun() throws Exception {
    idleForwards = 64;
    CountDownLatch inPass = new CountDownLatch(1);
    CountDownLatch stopBegun = new CountDownLatch(1);
    beforeClaims =
        () -> {
          inPass.countDown();
          try {
            assertTrue(stopBegun.await(5, TimeUnit.SECONDS));
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
          }
        };
    CompletableFuture<Void> pass = CompletableFuture.runAsync(redelivery::pass);
    assertTrue(inPass.await(5, TimeUnit.SECONDS), "the pass runs");
    CompletableFuture<Integer> stop =
        CompletableFuture.supplyAsync(() -> redelivery.work.close(Duration.ofSeconds(10)));
    while (!redelivery.work.closed()) {
      Thread.onSpinWait();
    }
    Thread.sleep(200);
    assertFalse(stop.isDone(), "the stop waits for the pass");
    stopBegun.countDown();
    assertEquals(0, stop.get(5, TimeUnit.SECONDS), "nothing left in flight once it ended");
    pass.get(5, TimeUnit.SECONDS);
    assertEquals(List.of(), attempted, "no push claimed once the stop had begun");
  }

  /**
   * A reviewer's point: one claimed push whose expiry failed ended the pass, and the rest of the
   * claim waited for its lease with an attempt counted that never happened. The other expiries wait
   * (a stalled database would make each wait for it); the pushes still to be tried go to Udesk.
   */
  @Test
  void aClaimedPushWhoseExpiryFailsLeavesNoPushToBeTriedBehind() throws Exception {
    idleForwards = 64;
    long now = System.currentTimeMillis();
    for (int i = 5; i < 7; i++) { // two recent pushes beside the five too old
      recordDue(i, now + 3_600_000);
    }
    List<Long> expiring = new ArrayList<>();
    redelivery.outcomes =
        new InboxOutcomes() {
          @Override
          public boolean expire(DataSource db, InboxEntry entry) throws SQLException {
            expiring.add(entry.id());
            throw new SQLException("the database stalls", "HYT00");
          }
        };
    InboxSettings tooOld = new InboxSettings();
    tooOld.leaseMillis = 60_000;
    tooOld.maxAge = "PT0.001S"; // the five recorded now are too old, the two an hour ahead not
    tooOld.retention = "P7D";
    tooOld.maxClockSkewSeconds = 300;
    tooOld.pollIntervalMillis = 60_000;
    redelivery.settings = tooOld;
    redelivery.events = new DirectEvent<>(any -> {});
    Thread.sleep(5);
    redelivery.pass();
    assertEquals(1, expiring.size(), "one expiry tried, the others left to the lease: " + expiring);
    assertEquals(
        List.of("o5", "o6"),
        attempted.stream().map(entry -> entry.identity().follower()).sorted().toList(),
        "the pushes still to be tried go to Udesk");
  }

  /**
   * A pass that fails the same way at every poll interval is logged once, and once more when a pass
   * works again: not a SEVERE line with a stack trace every interval.
   */
  @Test
  void aFailureThatRepeatsAtEveryPassIsLoggedOnceUntilAPassWorks() {
    idleForwards = 64;
    List<String> logged = new CopyOnWriteArrayList<>(); // the passes' own lines, INFO and above
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            String message = new SimpleFormatter().formatMessage(record);
            if (record.getLevel().intValue() >= Level.INFO.intValue()
                && message.startsWith("Inbox: redelivery pass")) {
              logged.add(record.getLevel() + " " + message);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger log = Logger.getLogger(Redelivery.class.getName());
    log.addHandler(capture);
    try {
      passesFail = new IllegalStateException("a statement H2 no longer takes");
      redelivery.pass();
      redelivery.pass();
      redelivery.pass();
      assertEquals(1, logged.size(), logged.toString());
      assertTrue(logged.get(0).startsWith("SEVERE Inbox: redelivery pass failed"), logged.get(0));
      passesFail = new IllegalStateException("another failure");
      redelivery.pass();
      assertEquals(2, logged.size(), "a failure of another kind is logged: " + logged);
      assertTrue(logged.get(1).startsWith("WARNING Inbox: redelivery pass failed again"));

      passesFail = null;
      redelivery.pass();
      redelivery.pass();
      assertEquals(5, attempted.size(), "the pass works again: the backlog goes");
      assertEquals(
          List.of("INFO Inbox: redelivery pass works again"), logged.subList(2, logged.size()));

      passesFail = new IllegalStateException("a statement H2 no longer takes");
      redelivery.pass();
      assertEquals(4, logged.size(), "a new failure after a pass that worked: " + logged);
    } finally {
      log.removeHandler(capture);
    }
  }

  private Redelivery redelivery(DataSource db) {
    Redelivery redelivery = new Redelivery();
    redelivery.clock = new DatabaseClock();
    InboxSettings settings = new InboxSettings();
    settings.leaseMillis = 60_000;
    settings.maxAge = "PT48H";
    settings.retention = "P7D";
    settings.maxClockSkewSeconds = 300;
    settings.pollIntervalMillis = 60_000;
    redelivery.settings = settings;
    redelivery.work = new InboxWork();
    store = new InboxStore();
    store.commits = commits;
    store.settings = settings;
    redelivery.claims = new InboxClaims();
    redelivery.claims.commits = commits;
    redelivery.claims.settings = settings;
    redelivery.outcomes = new InboxOutcomes();
    redelivery.outcomes.commits = commits;
    redelivery.outcomes.settings = settings;
    redelivery.housekeeping =
        new InboxHousekeeping() {
          @Override
          public List<AppId> dueAccounts(DataSource db, long now) throws SQLException {
            beforeClaims.run();
            if (passesFail != null) {
              throw passesFail;
            }
            return super.dueAccounts(db, now);
          }
        };
    redelivery.housekeeping.commits = commits;
    redelivery.database = new ReadyDatabase(db);
    redelivery.accounts =
        new Accounts() {
          @Override
          public Optional<Account> find(AppId appId) {
            return Optional.of(ACCOUNT).filter(account -> account.appId().equals(appId));
          }
        };
    redelivery.capacity =
        new UdeskCapacity() {
          @Override
          public int idleForwards(AppId appId) {
            return idleForwards;
          }

          @Override
          public boolean refusing(AppId appId) {
            return refusing;
          }
        };
    redelivery.deliveries =
        new InboxDeliveries() {
          @Override
          public CompletionStage<UdeskDelivery> redeliver(Account account, InboxEntry entry) {
            attempted.add(entry);
            return new CompletableFuture<>(); // Udesk hangs
          }
        };
    return redelivery;
  }
}
