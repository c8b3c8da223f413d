package io.wxbridge.inbox;

import static io.wxbridge.inbox.InboxWeChat.INBOX;
import static io.wxbridge.inbox.InboxWeChat.OTHER;
import static io.wxbridge.inbox.InboxWeChat.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.push.PushMode;
import io.wxbridge.push.SimulatedWeChat;
import io.wxbridge.push.WeChatMessages;
import io.wxbridge.push.WeChatReplies;
import io.wxbridge.testing.BridgeProcess;
import io.wxbridge.testing.FakeUdesk;
import io.wxbridge.testing.TestBridge;
import io.wxbridge.testing.UnusedPort;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The inbox's database going away and coming back, with a real PostgreSQL (zonky, its own data
 * directory and port, stopped and started again on both) and one extra bridge process of the pass's
 * server whose pool or datasource is created exactly as server-config/postgresql.md shows
 * (connection validation on). The bridge starts while nothing listens on the database's port (a
 * DataSource pointing at a closed port), then PostgreSQL comes; later it is stopped and started
 * again with pushes pending.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class InboxDatabaseOutageChecks {
  private static final Duration WECHAT_DEADLINE = Duration.ofSeconds(5);
  private Path pgData;
  private int pgPort;
  private EmbeddedPostgres postgres;
  private BridgeProcess bridge;

  /** The DataSource's JNDI name as server-config/postgresql.md gives it for the server. */
  private String datasource;

  @BeforeAll
  void startTheBridgeWithoutItsDatabase() throws IOException {
    pgData = TestBridge.itDir().resolve("outage-pg").toAbsolutePath();
    TestBridge.deleteRecursively(pgData);
    pgPort = UnusedPort.next();
    datasource = PostgresBridge.datasource();
    String config =
        InboxWeChat.processConfiguration(
            "bridge.datasource=" + datasource + "\nbridge.admin.api-key=" + TestBridge.ADMIN_KEY);
    bridge = PostgresBridge.start("outage", config, pgPort);
  }

  @AfterAll
  void stop() throws IOException {
    if (bridge != null) {
      bridge.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  @Order(1)
  void withItsDatabaseUnreachableTheBridgeAnswersInTimeAndUsesTheInboxOnceItComes()
      throws Exception {
    assertTrue(
        bridge.log().contains("Inbox off: DataSource " + datasource + " is not usable"),
        "the log says the inbox is off");
    assertEquals(
        "the inbox is off, its database is unreachable, or its status could not be read "
            + "(see the log)",
        InboxWeChat.adminStatus(bridge.url("/")).getString("inbox"));
    for (int i = 0; i < 3; i++) {
      answeredWithUdesksReply(INBOX, PushMode.SAFE);
    }

    postgres = startPostgres();
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        var create = connection.createStatement()) {
      create.execute("CREATE DATABASE bridge");
    }
    // the database is tried again every 10 s: by a push, or by the redelivery pass
    await(Duration.ofSeconds(30), () -> inboxOnLines() >= 1);
    assertTrue(inboxOnLines() >= 1, "the log says the inbox is on again");
    String follower = answeredWithUdesksReply(INBOX, PushMode.SAFE);
    assertEquals(1, rowsOf(follower), "the push was recorded in PostgreSQL's inbox");
    assertTrue(bridge.isAlive(), "nothing crashed");
  }

  @Test
  @Order(2)
  void pendingPushesSurviveAPostgresRestartAndAreDeliveredOnceInOrder() throws Exception {
    String first = WeChatMessages.of(WeChatMessages.TEXT, "inbox:reply");
    String follower = WeChatMessages.sender(first);
    List<String> messages = new ArrayList<>(List.of(first));
    for (int i = 0; i < 2; i++) {
      messages.add(
          InboxBehaviourChecks.fromFollower(
              WeChatMessages.of(WeChatMessages.TEXT, "inbox:reply"), follower));
    }
    int inboxOnBefore = inboxOnLines();
    TestBridge.udeskSwitch().off();
    try {
      for (String message : messages) {
        answeredEmptyInTime(message);
      }
      assertEquals(3, rowsOf(follower), "acknowledged and recorded");

      postgres.close(); // pg_ctl stop -m fast: the pool's connections break
      // during the outage: still answered in time; forwarded without the inbox (OTHER's Udesk
      // answers)
      answeredEmptyInTime(WeChatMessages.of(WeChatMessages.TEXT, "inbox:reply"));
      for (int i = 0; i < 2; i++) {
        answeredWithUdesksReply(OTHER, PushMode.PLAINTEXT);
      }
      assertTrue(
          bridge.log().contains("Inbox off: DataSource " + datasource + " is not usable")
              || bridge.log().contains("The inbox database failed"),
          "the log says the database failed");

      postgres = startPostgres(); // same data directory, same port
      await(Duration.ofSeconds(30), () -> inboxOnLines() > inboxOnBefore);
      assertTrue(inboxOnLines() > inboxOnBefore, "the log says the inbox is on again");
      String after =
          InboxBehaviourChecks.fromFollower(
              WeChatMessages.of(WeChatMessages.TEXT, "inbox:reply"), follower);
      messages.add(after);
      answeredEmptyInTime(after);
      assertEquals(4, rowsOf(follower), "the pushes from before the restart are still there");
    } finally {
      TestBridge.udeskSwitch().on();
    }
    await(
        Duration.ofSeconds(40),
        () -> WeChatReplies.forwardedFrom(follower).size() >= messages.size());
    await(Duration.ofSeconds(2), () -> false); // a second delivery would show up now
    assertEquals(
        messages.stream().map(InboxBehaviourChecks::msgId).toList(),
        WeChatReplies.forwardedFrom(follower).stream()
            .map(r -> InboxBehaviourChecks.msgId(r.bodyText()))
            .toList(),
        "every acknowledged push once, in the follower's order");
    assertTrue(bridge.isAlive(), "nothing crashed");
  }

  private EmbeddedPostgres startPostgres() throws IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(pgData)
        .setCleanDataDirectory(false)
        .setPort(pgPort)
        .start();
  }

  /** Posts a new push, asserts Udesk's passive reply came back in time; returns the follower. */
  private String answeredWithUdesksReply(io.wxbridge.push.WeChatAccount account, PushMode mode) {
    String message = WeChatMessages.of(WeChatMessages.TEXT, "inbox:reply");
    String sender = WeChatMessages.sender(message);
    InboxWeChat.Push push = InboxWeChat.Push.of(account, mode, message);
    SimulatedWeChat.Sent sent = push.to(bridge.url("/"));
    assertEquals(200, sent.status());
    assertEquals(FakeUdesk.replyTo(sender), push.reply(sent), "forwarded, Udesk's answer back");
    assertInTime(sent);
    return sender;
  }

  private void answeredEmptyInTime(String message) {
    SimulatedWeChat.Sent sent =
        InboxWeChat.Push.of(INBOX, PushMode.SAFE, message).to(bridge.url("/"));
    assertEquals(200, sent.status());
    assertEquals("", sent.body(), "Udesk refuses: WeChat gets an empty answer");
    assertInTime(sent);
  }

  private static void assertInTime(SimulatedWeChat.Sent sent) {
    assertTrue(
        sent.elapsed().compareTo(WECHAT_DEADLINE) < 0,
        "within WeChat's 5 s: " + sent.elapsed().toMillis() + " ms");
  }

  private int inboxOnLines() {
    return bridge.log().split("Inbox on: DataSource " + datasource, -1).length - 1;
  }

  private int rowsOf(String follower) throws SQLException {
    try (Connection connection = postgres.getDatabase("postgres", "bridge").getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT COUNT(*) FROM inbox_push WHERE follower = ?")) {
      select.setString(1, follower);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getInt(1);
      }
    }
  }
}
