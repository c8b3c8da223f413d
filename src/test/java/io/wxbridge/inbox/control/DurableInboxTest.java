package io.wxbridge.inbox.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.database.control.BridgeDatabase;
import io.wxbridge.database.control.DatabaseClock;
import io.wxbridge.database.control.GroupCommit;
import io.wxbridge.forward.control.UdeskInbox;
import io.wxbridge.forward.entity.UdeskDelivery;
import io.wxbridge.forward.entity.UdeskPush;
import io.wxbridge.inbox.entity.PushIdentity;
import io.wxbridge.push.WeChatAccount;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * While the inbox's database is off or failing, pushes still go to Udesk as they did without the
 * inbox.
 */
class DurableInboxTest {
  private static final Account ACCOUNT = WeChatAccount.PLAIN.asConfigured();
  private static final UdeskPush PUSH =
      new UdeskPush(
          ACCOUNT.appId(),
          "<xml><FromUserName>oA</FromUserName><MsgType>text</MsgType><MsgId>1</MsgId></xml>"
              .getBytes(StandardCharsets.UTF_8),
          "text MsgId=1 (plaintext)");
  private final UdeskDelivery answered = UdeskDelivery.answered(new byte[0], Duration.ofMillis(3));
  private final List<UdeskPush> forwarded = new ArrayList<>();
  private final List<SQLException> failures = new ArrayList<>();
  private final List<Long> budgets = new ArrayList<>();

  @Test
  void aDatabaseThatFailsMidwayLeavesThePushToTodaysForwarding() throws Exception {
    DurableInbox inbox = inbox(Optional.of(failingDataSource()));
    UdeskDelivery delivery = deliver(inbox).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertSame(answered, delivery);
    assertEquals(List.of(PUSH), forwarded, "forwarded once, as without the inbox");
    assertEquals(
        1,
        failures.size(),
        "the database is marked failed, so it is checked again before its next use");
    assertEquals(1, budgets.size(), "forwarded with what is left of the reply timeout");
    assertTrue(
        budgets.get(0) <= 4_000 && budgets.get(0) > 3_000,
        "the time the database took is not given to Udesk again: " + budgets);
  }

  /**
   * Seen with Payara's pool when PostgreSQL stopped under a push: the statement failed, and the
   * rollback threw an UndeclaredThrowableException (a RuntimeException), which became a 500.
   */
  @Test
  void aConnectionWhoseRollbackThrowsAnUncheckedExceptionStillLeavesThePushToTodaysForwarding()
      throws Exception {
    DurableInbox inbox = inbox(Optional.of(closedByTheServer()));
    UdeskDelivery delivery = deliver(inbox).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertSame(answered, delivery);
    assertEquals(List.of(PUSH), forwarded, "forwarded once, as without the inbox");
    assertEquals(1, failures.size(), "the database is marked failed");
  }

  @Test
  void anUnreachableDatabaseIsNotEvenTried() throws Exception {
    DurableInbox inbox = inbox(Optional.empty());
    assertSame(answered, deliver(inbox).toCompletableFuture().get(5, TimeUnit.SECONDS));
    assertEquals(List.of(PUSH), forwarded);
    assertTrue(
        failures.isEmpty(),
        "no database failure is recorded when there is no database to try: " + failures);
  }

  /**
   * Unrecorded, a reply Udesk gives after WeChat's answer would be lost, while a late answer to
   * WeChat reaches the follower through WeChat's retry: Udesk keeps the whole reply timeout, also
   * for a push that waited before it reached the inbox (a probe that cut it lost 445 of 2,680
   * replies while PostgreSQL stalled).
   */
  @Test
  void aPushForwardedWithoutTheInboxKeepsUdesksWholeReplyTimeout() throws Exception {
    DurableInbox inbox = inbox(Optional.empty());
    long arrived = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(2_000);
    assertSame(
        answered,
        inbox
            .deliver(ACCOUNT, PUSH, Optional.empty(), arrived)
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS));
    assertEquals(List.of(PUSH), forwarded);
    assertEquals(List.of(), budgets, "forwarded with the whole reply timeout, not a part of it");
  }

  /**
   * A probe: pushes that came as a stop began were answered 200 empty and never reached Udesk; a
   * push the stopping inbox cannot record is refused, so that WeChat sends it again.
   */
  @Test
  void aPushTheStoppingInboxCannotRecordIsRefusedNotForwardedUnrecorded() {
    DurableInbox inbox = inbox(Optional.of(failingDataSource()));
    inbox.store.commits.stop();
    java.util.concurrent.ExecutionException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            java.util.concurrent.ExecutionException.class,
            () -> deliver(inbox).toCompletableFuture().get(5, TimeUnit.SECONDS));
    assertTrue(refused.getCause() instanceof InboxStoppingException, String.valueOf(refused));
    assertEquals(503, ((InboxStoppingException) refused.getCause()).status());
    assertTrue(forwarded.isEmpty(), "not forwarded unrecorded");
  }

  /**
   * A reviewer's point: the first attempt gave Udesk the whole reply timeout once the push was
   * recorded, however long recording had waited for the database, so WeChat's 5 s could pass. A
   * recorded push's late reply still reaches the follower (LateReplies).
   */
  @Test
  void aPushRecordedSlowlyGivesUdeskOnlyWhatIsLeftOfTheReplyTimeout() throws Exception {
    org.h2.jdbcx.JdbcConnectionPool embedded =
        org.h2.jdbcx.JdbcConnectionPool.create(
            "jdbc:h2:mem:" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    try {
      org.flywaydb.core.Flyway.configure()
          .dataSource(embedded)
          .locations("classpath:db/migration")
          .load()
          .migrate();
      DurableInbox inbox = inbox(Optional.of(slowToConnect(embedded, Duration.ofMillis(1_500))));
      inbox.capacity =
          new io.wxbridge.forward.control.UdeskCapacity() {
            @Override
            public boolean holdNewPushes(io.wxbridge.accounts.entity.AppId appId) {
              return false;
            }
          };
      inbox.deliveries =
          new InboxDeliveries() {
            @Override
            public CompletionStage<UdeskDelivery> firstAttempt(
                Account account, io.wxbridge.inbox.entity.InboxEntry entry, long withinMillis) {
              budgets.add(withinMillis);
              return CompletableFuture.completedFuture(answered);
            }
          };
      long arrived = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(1_000);
      assertSame(
          answered,
          inbox
              .deliver(ACCOUNT, PUSH, Optional.empty(), arrived)
              .toCompletableFuture()
              .get(5, TimeUnit.SECONDS));
      assertEquals(1, budgets.size(), "recorded and attempted once: " + failures);
      assertTrue(
          budgets.get(0) <= 1_500 && budgets.get(0) > 0,
          "Udesk gets the 4 s reply timeout less the 1 s before the inbox (a replay check's wait)"
              + " and the 1.5 s recording took: "
              + budgets);
    } finally {
      embedded.dispose();
    }
  }

  /** The push of a request that arrives now. */
  private static CompletionStage<UdeskDelivery> deliver(DurableInbox inbox) {
    return inbox.deliver(ACCOUNT, PUSH, Optional.empty(), System.nanoTime());
  }

  /** Each connection of {@code db}, handed out {@code delay} late (a database under load). */
  private static DataSource slowToConnect(DataSource db, Duration delay) {
    return connectingWith(
        () -> {
          Thread.sleep(delay.toMillis());
          return db.getConnection();
        });
  }

  private DurableInbox inbox(Optional<DataSource> db) {
    DurableInbox inbox = new DurableInbox();
    inbox.clock = new DatabaseClock();
    inbox.database =
        new BridgeDatabase() {
          @Override
          public Optional<DataSource> ready() {
            return db;
          }

          @Override
          public void failed(SQLException failure) {
            failures.add(failure);
          }
        };
    inbox.store = new InboxStore();
    inbox.store.commits = new GroupCommit();
    inbox.store.settings = new InboxSettings();
    inbox.store.settings.replyTimeoutMillis = 4_000;
    inbox.identities = PushIdentitiesTest.identities();
    inbox.settings = inbox.store.settings;
    inbox.unrecorded =
        new UnrecordedForwards() {
          @Override
          public void settleIfRecorded(
              Account account,
              PushIdentity identity,
              long recordedAt,
              CompletionStage<UdeskDelivery> forward) {
            // what a record reported failed left: OutcomeSettlementTest
          }
        };
    inbox.udesk =
        new UdeskInbox() {
          @Override
          public CompletionStage<UdeskDelivery> forward(Account account, UdeskPush push) {
            forwarded.add(push);
            return CompletableFuture.completedFuture(answered);
          }

          @Override
          public CompletionStage<UdeskDelivery> forward(
              Account account, UdeskPush push, long leftMillis) {
            budgets.add(leftMillis);
            return forward(account, push);
          }
        };
    return inbox;
  }

  /**
   * A DataSource handing out a connection PostgreSQL has closed, wrapped as Payara's pool does: its
   * statements fail with an SQLException, its rollback with an UndeclaredThrowableException.
   */
  private static DataSource closedByTheServer() {
    java.sql.Connection closed =
        (java.sql.Connection)
            Proxy.newProxyInstance(
                java.sql.Connection.class.getClassLoader(),
                new Class<?>[] {java.sql.Connection.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "setAutoCommit", "close" -> null;
                      case "rollback" ->
                          throw new java.lang.reflect.UndeclaredThrowableException(
                              new SQLException("This connection has been closed.", "08003"));
                      default ->
                          throw new SQLException("This connection has been closed.", "08003");
                    });
    return connectingWith(() -> closed);
  }

  /** A DataSource whose every connection attempt fails, as PostgreSQL does while it restarts. */
  private static DataSource failingDataSource() {
    return connectingWith(
        () -> {
          throw new SQLException("Connection refused", "08001");
        });
  }

  /** A DataSource whose getConnection is {@code connect}; nothing else of it is used. */
  private static DataSource connectingWith(
      java.util.concurrent.Callable<java.sql.Connection> connect) {
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getConnection")) {
                return connect.call();
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }
}
