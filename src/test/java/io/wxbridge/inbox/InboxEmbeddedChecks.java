package io.wxbridge.inbox;

import static io.wxbridge.inbox.InboxWeChat.INBOX;
import static io.wxbridge.inbox.InboxWeChat.READY;
import static io.wxbridge.inbox.InboxWeChat.await;
import static io.wxbridge.inbox.InboxWeChat.customerMessagesTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.push.PushMode;
import io.wxbridge.push.SimulatedWeChat;
import io.wxbridge.push.WeChatMessages;
import io.wxbridge.push.WeChatReplies;
import io.wxbridge.testing.BridgeProcess;
import io.wxbridge.testing.FakeWeChatApi;
import io.wxbridge.testing.PayaraMicroProcess;
import io.wxbridge.testing.RecordedRequest;
import io.wxbridge.testing.TestBridge;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The inbox on its embedded default (H2 under bridge.data-dir), in the suite's deployment; the kill
 * -9 scenario in an extra bridge process with its own data directory (run by BridgeIT).
 */
public abstract class InboxEmbeddedChecks extends InboxBehaviourChecks {

  @Override
  protected URI bridge(int attempt) {
    return TestBridge.url("/");
  }

  @Test
  void aPlaintextPushWithAStaleTimestampIsRefused() {
    String message = WeChatMessages.of(WeChatMessages.TEXT, "inbox:reply");
    String stale = Long.toString(System.currentTimeMillis() / 1000 - 3600);
    Map<String, String> query = SimulatedWeChat.signedQuery(INBOX, stale, SimulatedWeChat.nonce());
    SimulatedWeChat.Sent sent =
        InboxWeChat.post(bridge(0), INBOX.appId(), query, message.getBytes(StandardCharsets.UTF_8));
    assertEquals(403, sent.status());
    assertTrue(
        WeChatReplies.forwardedFrom(WeChatMessages.sender(message)).isEmpty(),
        "the stale push is not forwarded to Udesk");
    assertTrue(
        TestBridge.serverLog()
            .matches("(?s).*its timestamp is 360[01] s behind the bridge's clock.*"),
        "the skew is logged");
  }

  /**
   * Round-trip figures: the inbox on H2 here; with -Dinbox.figures=true also a bridge without the
   * inbox.
   */
  @Test
  void roundTripFigures() {
    RoundTripFigures.measure("inbox on, embedded H2", bridge(0), 40);
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Boolean.getBoolean("inbox.figures"), "in-memory comparison on demand");
    try (BridgeProcess memory =
        PayaraMicroProcess.start(
            "no-inbox",
            InboxWeChat.processConfiguration("bridge.inbox.enabled=false"),
            "",
            List.of(),
            READY)) {
      RoundTripFigures.measure("inbox off (in-memory de-duplication only)", memory.url("/"), 40);
      RoundTripFigures.measure("inbox on, embedded H2 (again, same moment)", bridge(0), 40);
    }
  }

  @SuppressWarnings("try") // the restarted bridge only has to run while Udesk receives its backlog
  @Test
  void aBridgeKilledWithPendingPushesDeliversThemOnceAfterARestart() throws Exception {
    String data = InboxWeChat.processConfigurationOnNewData("kill9-data", "");
    String follower = WeChatMessages.sender(WeChatMessages.of(WeChatMessages.TEXT, "inbox:reply"));
    List<String> messages = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      messages.add(fromFollower(WeChatMessages.of(WeChatMessages.TEXT, "inbox:reply"), follower));
    }
    TestBridge.udeskSwitch().off();
    try {
      try (BridgeProcess first = BridgeProcess.start("kill9", data, READY)) {
        for (String message : messages) {
          assertEquals(
              200, InboxWeChat.Push.of(INBOX, PushMode.SAFE, message).to(first.url("/")).status());
        }
        first.kill();
      }
      assertTrue(
          WeChatReplies.forwardedFrom(follower).isEmpty(),
          "nothing reached Udesk before the killed bridge restarts");
      try (BridgeProcess again = BridgeProcess.start("kill9", data, READY)) {
        TestBridge.udeskSwitch().on();
        await(
            Duration.ofSeconds(40),
            () -> WeChatReplies.forwardedFrom(follower).size() >= messages.size());
        // a little longer: a second delivery would show up now
        await(Duration.ofSeconds(2), () -> false);
        assertEquals(
            messages.stream().map(InboxBehaviourChecks::msgId).toList(),
            WeChatReplies.forwardedFrom(follower).stream().map(r -> msgId(r.bodyText())).toList(),
            "nothing lost, nothing twice, in order");
      }
    } finally {
      TestBridge.udeskSwitch().on();
    }
  }

  /**
   * Udesk answers after WeChat's deadline; the bridge records the push DELIVERED and sends the
   * reply as a customer-service message, which WeChat holds; the bridge is killed before it can
   * record the send. After the restart the reply is sent again once its lease has run out: the
   * follower is never left without Udesk's answer (and the push is not handed to Udesk again).
   */
  @SuppressWarnings("try") // the restarted bridge only has to run while it sends the reply
  @Test
  void aLateReplyWhoseSenderWasKilledReachesTheFollowerAfterARestart() throws Exception {
    // a longer max-age than the suite's 90 s: a reply is given up that long after Udesk's answer,
    // and two starts of a server on a loaded machine can take that long
    String data =
        InboxWeChat.processConfigurationOnNewData("kill9-reply-data", "bridge.inbox.max-age=PT10M");
    String message = WeChatMessages.of(WeChatMessages.TEXT, "inbox:late6");
    String follower = WeChatMessages.sender(message);
    String toFollower = "\"touser\":\"" + follower + "\"";
    TestBridge.wechat().holdNext(INBOX.appId(), FakeWeChatApi.CUSTOM_SEND, toFollower, 60_000);
    try (BridgeProcess first = BridgeProcess.start("kill9-reply", data, READY)) {
      SimulatedWeChat.Sent sent =
          InboxWeChat.Push.of(INBOX, PushMode.SAFE, message).to(first.url("/"));
      assertEquals(200, sent.status());
      assertEquals("", sent.body(), "WeChat got an empty answer: Udesk answers after 6 s");
      await(Duration.ofSeconds(60), () -> !customerMessagesTo(INBOX, follower).isEmpty());
      assertEquals(1, customerMessagesTo(INBOX, follower).size(), "WeChat holds the first send");
      // while WeChat holds the send (before the bridge's read timeout): it never learns its outcome
      first.kill();
    }
    try (BridgeProcess again = BridgeProcess.start("kill9-reply", data, READY)) {
      // the lease (bridge.inbox.lease, 15 s here) began when Udesk's answer was recorded
      await(Duration.ofSeconds(60), () -> customerMessagesTo(INBOX, follower).size() >= 2);
      await(Duration.ofSeconds(2), () -> false); // a third send would show up now
      List<RecordedRequest> sends = customerMessagesTo(INBOX, follower);
      assertEquals(2, sends.size(), "sent again once after the restart, not more");
      for (RecordedRequest send : sends) {
        assertTrue(
            send.bodyText().contains("\"content\":\"answer to " + follower + "\""),
            "Udesk's late answer: " + send.bodyText());
      }
      assertEquals(1, WeChatReplies.forwardedFrom(follower).size(), "Udesk got the push once");
    }
  }
}
