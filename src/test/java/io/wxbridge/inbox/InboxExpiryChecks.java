package io.wxbridge.inbox;

import static io.wxbridge.inbox.InboxWeChat.INBOX;
import static io.wxbridge.inbox.InboxWeChat.READY;
import static io.wxbridge.inbox.InboxWeChat.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.push.PushMode;
import io.wxbridge.push.SimulatedWeChat;
import io.wxbridge.push.WeChatMessages;
import io.wxbridge.push.WeChatReplies;
import io.wxbridge.testing.BridgeProcess;
import io.wxbridge.testing.TestBridge;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Expiry end to end, on the embedded default in an extra bridge process (on the server of this
 * pass) with its own data directory and bridge.inbox.max-age=PT3S: pushes Udesk never took become
 * EXPIRED (counted on /admin/status, logged by identity and never by content, not delivered when
 * Udesk is back), and the SQL that docs/inbox.md gives operators, read from that file and run as
 * written, re-queues them.
 */
public abstract class InboxExpiryChecks {
  private static final Duration MAX_AGE = Duration.ofSeconds(3);
  private static final String DOCUMENTED_APP_ID = "wx0123456789abcdef";

  @SuppressWarnings("try") // the bridges only have to run while Udesk (does not) receive
  @Test
  void pushesOlderThanMaxAgeExpireVisiblyAndTheDocumentedSqlRequeuesThem() throws Exception {
    Path data = TestBridge.itDir().resolve("expiry-data");
    TestBridge.deleteRecursively(data);
    String secret = "private-words-" + UUID.randomUUID();
    String first = withContent(WeChatMessages.of(WeChatMessages.TEXT, "inbox:reply"), secret);
    String follower = WeChatMessages.sender(first);
    List<String> messages =
        List.of(
            first,
            InboxBehaviourChecks.fromFollower(
                withContent(WeChatMessages.of(WeChatMessages.TEXT, "inbox:reply"), secret),
                follower));
    List<String> msgIds = messages.stream().map(InboxBehaviourChecks::msgId).toList();

    TestBridge.udeskSwitch().off();
    try (BridgeProcess bridge =
        BridgeProcess.start("expiry", configuration(data, MAX_AGE), READY)) {
      for (String message : messages) {
        SimulatedWeChat.Sent sent =
            InboxWeChat.Push.of(INBOX, PushMode.SAFE, message).to(bridge.url("/"));
        assertEquals(200, sent.status());
        assertEquals("", sent.body(), "Udesk refuses: WeChat gets an empty answer");
      }
      await(Duration.ofSeconds(30), () -> expired(bridge.url("/")) == messages.size());
      assertEquals(
          messages.size(),
          expired(bridge.url("/")),
          "/admin/status counts the expired pushes: " + InboxWeChat.adminStatus(bridge.url("/")));

      TestBridge.udeskSwitch().on();
      // several redelivery passes (poll-interval 200 ms) and more than max-backoff (2 s)
      await(Duration.ofSeconds(4), () -> !WeChatReplies.forwardedFrom(follower).isEmpty());
      assertTrue(
          WeChatReplies.forwardedFrom(follower).isEmpty(),
          "an expired push is not delivered when Udesk is back");
      assertEquals(messages.size(), expired(bridge.url("/")), "still counted as expired");

      String log = bridge.log();
      for (String msgId : msgIds) {
        assertTrue(
            Arrays.stream(log.split("\n"))
                .anyMatch(
                    line -> line.contains("EXPIRED") && line.contains(follower + "/msg:" + msgId)),
            "the expiry is logged with the push's identity (follower/msg:" + msgId + ")");
      }
      assertFalse(log.contains(secret), "the log never holds a push's content");
    } finally {
      TestBridge.udeskSwitch().on();
    }

    // docs/inbox.md: with the bridge stopped, connect to the H2 file and run the SQL as documented
    List<String> sql = documentedSql();
    assertEquals(3, sql.size(), "docs/inbox.md gives three statements: " + sql);
    try (Connection h2 =
            DriverManager.getConnection(
                "jdbc:h2:file:" + data.toAbsolutePath().resolve("inbox"), "sa", "");
        Statement statement = h2.createStatement()) {
      List<String> waiting = rows(statement, sql.get(0));
      assertTrue(
          waiting.stream().anyMatch(row -> row.startsWith(INBOX.appId() + "|EXPIRED|2|")),
          "what is waiting, per account: " + waiting);
      List<String> expired = rows(statement, sql.get(1));
      assertEquals(
          msgIds.stream().map(id -> "msg:" + id).toList(),
          expired.stream().map(row -> row.split("\\|")[3]).toList(),
          "the expired pushes, by identity, oldest first: " + expired);
      assertTrue(
          expired.stream().allMatch(row -> row.contains("|" + follower + "|")), "by follower");
      assertEquals(
          messages.size(),
          statement.executeUpdate(sql.get(2).replace(DOCUMENTED_APP_ID, INBOX.appId())),
          "the documented UPDATE re-queues both");
    }

    // Started again with the default-like max-age of the suite: re-queued pushes expire again
    // after max-age, and this bridge takes longer than 3 s to start on the loaded test machine.
    try (BridgeProcess again =
        BridgeProcess.start("expiry", configuration(data, Duration.ofSeconds(90)), READY)) {
      await(
          Duration.ofSeconds(40),
          () -> WeChatReplies.forwardedFrom(follower).size() >= messages.size());
      await(Duration.ofSeconds(2), () -> false); // a second delivery would show up now
      assertEquals(
          msgIds,
          WeChatReplies.forwardedFrom(follower).stream()
              .map(r -> InboxBehaviourChecks.msgId(r.bodyText()))
              .toList(),
          "the re-queued pushes reached Udesk once each, in order");
      assertEquals(0, expired(again.url("/")), "no longer expired");
    }
  }

  private static String configuration(Path data, Duration maxAge) {
    return InboxWeChat.processConfiguration(
        "bridge.data-dir="
            + data.toAbsolutePath()
            + "\nbridge.inbox.max-age="
            + maxAge
            + "\nbridge.admin.api-key="
            + TestBridge.ADMIN_KEY);
  }

  private static String withContent(String message, String content) {
    return message.replaceFirst("<Content><!\\[CDATA\\[[^]]*", "<Content><![CDATA[" + content);
  }

  /** The account's expired count on /admin/status; -1 when the inbox is off. */
  private static long expired(URI bridge) {
    JsonObject status = InboxWeChat.adminStatus(bridge);
    if (!(status.get("inbox") instanceof JsonObject inbox)) {
      return -1;
    }
    JsonObject account = inbox.getJsonObject(INBOX.appId());
    return account == null ? 0 : account.getJsonNumber("expired").longValue();
  }

  /**
   * The statements of the sql block under "## For operators" in docs/inbox.md, comments removed.
   */
  static List<String> documentedSql() throws IOException {
    String doc = Files.readString(Path.of("docs", "inbox.md"));
    int section = doc.indexOf("## For operators");
    int start = doc.indexOf("```sql\n", section) + "```sql\n".length();
    String block = doc.substring(start, doc.indexOf("```", start));
    String code =
        block
            .lines()
            .filter(line -> !line.trim().startsWith("--"))
            .reduce("", (a, b) -> a + "\n" + b);
    List<String> statements = new ArrayList<>();
    for (String statement : code.split(";")) {
      if (!statement.isBlank()) {
        statements.add(statement.trim());
      }
    }
    return statements;
  }

  /** The rows of a query, each as its columns joined by "|". */
  private static List<String> rows(Statement statement, String query) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (ResultSet row = statement.executeQuery(query)) {
      int columns = row.getMetaData().getColumnCount();
      while (row.next()) {
        StringBuilder line = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          line.append(i > 1 ? "|" : "").append(row.getString(i));
        }
        rows.add(line.toString());
      }
    }
    return rows;
  }
}
