package io.wxbridge.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.testing.FakeUdesk;
import io.wxbridge.testing.RecordedRequest;
import io.wxbridge.testing.TestBridge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whatever Udesk does, WeChat gets an empty 200 in time, so the follower never sees "该公众号暂时无法提供服务",
 * and the event is logged; a slow Udesk gets an account's pushes at once (run by BridgeIT).
 */
public abstract class PushUdeskFailureChecks {
  private static final Logger FIGURES = Logger.getLogger("push.figures");

  /** WeChat drops the connection after 5 s (docs/protocol.md §3). */
  private static final Duration WECHAT_DEADLINE = Duration.ofSeconds(5);

  /** bridge.udesk.reply-timeout, left at its default in bridge-it.properties. */
  private static final Duration REPLY_TIMEOUT = Duration.ofMillis(4000);

  /** More than RESTEasy's pool held (50), within bridge.udesk.max-concurrent-forwards (64). */
  private static final int AT_ONCE = 60;

  @ParameterizedTest(name = "{0} mode")
  @EnumSource(
      value = PushMode.class,
      names = {"PLAINTEXT", "SAFE"})
  void aSlowUdeskGetsWeChatAnEmptyAnswerWithinItsDeadline(PushMode mode) {
    String message = WeChatMessages.of(WeChatMessages.TEXT, FakeUdesk.MARK_SLOW);
    SimulatedWeChat.Sent sent = SimulatedWeChat.push(WeChatAccount.AES, mode, message);

    FIGURES.info(
        () ->
            "fallback answer with a slow Udesk, "
                + mode
                + " mode: "
                + sent.elapsed().toMillis()
                + " ms");
    assertEquals(200, sent.status());
    assertEquals("", sent.body());
    assertTrue(
        sent.elapsed().compareTo(WECHAT_DEADLINE) < 0,
        "answered in " + sent.elapsed().toMillis() + " ms");
    assertTrue(
        sent.elapsed().compareTo(REPLY_TIMEOUT.minusMillis(100)) >= 0,
        "waited for Udesk up to the deadline, not less: " + sent.elapsed().toMillis() + " ms");
    assertEquals(1, WeChatReplies.forwardedFrom(WeChatMessages.sender(message)).size());
    assertTrue(
        notReachingUdeskLogged(message, mode, sent, "timed out after "),
        "the timeout is logged for this push");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        FakeUdesk.MARK_ERROR,
        FakeUdesk.MARK_GARBAGE,
        FakeUdesk.MARK_NOT_REPLY,
        FakeUdesk.MARK_HUGE,
        FakeUdesk.MARK_CUT
      })
  void aFailingUdeskGetsWeChatAnEmptyAnswerAtOnce(String behaviour) {
    for (PushMode mode : PushMode.values()) {
      String message = WeChatMessages.of(WeChatMessages.IMAGE, behaviour);
      SimulatedWeChat.Sent sent = SimulatedWeChat.push(WeChatAccount.AES, mode, message);
      assertEquals(200, sent.status(), behaviour + " in " + mode);
      assertEquals("", sent.body(), behaviour + " in " + mode);
      assertTrue(
          sent.elapsed().toMillis() < 2000, "no waiting: " + sent.elapsed().toMillis() + " ms");
      assertEquals(1, WeChatReplies.forwardedFrom(WeChatMessages.sender(message)).size());
    }
  }

  @ParameterizedTest(name = "{0} mode")
  @EnumSource(PushMode.class)
  void aDownUdeskGetsWeChatAnEmptyAnswerAtOnce(PushMode mode) {
    String message = WeChatMessages.of(WeChatMessages.LOCATION, "udesk-down");
    SimulatedWeChat.Sent sent = SimulatedWeChat.push(WeChatAccount.UDESK_DOWN, mode, message);
    assertEquals(200, sent.status());
    assertEquals("", sent.body());
    assertTrue(
        sent.elapsed().toMillis() < 2000, "no waiting: " + sent.elapsed().toMillis() + " ms");
  }

  /**
   * A slow Udesk gets as many of an account's pushes at once as
   * bridge.udesk.max-concurrent-forwards (64) allows, each on a connection of its own: WildFly's
   * REST client pool held them at 50.
   */
  @Test
  void aSlowUdeskGetsAnAccountsPushesAtOnce() throws Exception {
    FakeUdesk udesk = TestBridge.udesk();
    udesk.gather(AT_ONCE);
    ExecutorService callers = Executors.newFixedThreadPool(AT_ONCE);
    try {
      List<Future<SimulatedWeChat.Sent>> pushes = new ArrayList<>();
      for (int i = 0; i < AT_ONCE; i++) {
        String message = WeChatMessages.of(WeChatMessages.TEXT, FakeUdesk.MARK_GATHER);
        pushes.add(
            callers.submit(
                () -> SimulatedWeChat.push(WeChatAccount.ISOLATION, PushMode.PLAINTEXT, message)));
      }
      for (Future<SimulatedWeChat.Sent> push : pushes) {
        assertEquals(200, push.get().status());
      }
      assertEquals(AT_ONCE, udesk.gatheredAtOnce(), "the account's pushes were with Udesk at once");
    } finally {
      callers.shutdownNow();
    }
  }

  /**
   * A refusal costs Udesk no new connection: the REST client throws it without closing Udesk's
   * answer, and until the bridge closed it each refused push left its connection open (until a
   * collection) and took a new one, a Udesk answering 429 to every push one connection each.
   * Counted as the pushes that came on a connection the fake had not seen before (every one of them
   * when the answer stayed open); not 1 at most: other tests' redeliveries, every second or two,
   * may hold the connections kept when a push goes.
   */
  @Test
  void pushesUdeskRefusesOneAfterAnotherShareTheirConnection() {
    int refused = 6;
    List<Integer> newConnections = new ArrayList<>();
    for (int i = 0; i < refused; i++) {
      String message = WeChatMessages.of(WeChatMessages.TEXT, FakeUdesk.MARK_ERROR);
      SimulatedWeChat.Sent sent =
          SimulatedWeChat.push(WeChatAccount.AES, PushMode.PLAINTEXT, message);
      assertEquals("", sent.body());
      RecordedRequest forward = WeChatReplies.forwardedFrom(WeChatMessages.sender(message)).get(0);
      List<RecordedRequest> before = TestBridge.udesk().received();
      boolean seenBefore =
          before.subList(0, before.indexOf(forward)).stream()
              .anyMatch(earlier -> earlier.clientPort() == forward.clientPort());
      if (!seenBefore) {
        newConnections.add(forward.clientPort());
      }
    }
    assertTrue(
        newConnections.size() <= refused / 2,
        refused
            + " refused pushes, "
            + newConnections.size()
            + " on new connections: "
            + newConnections);
  }

  /**
   * Udesk's error page counts as its refusal even when it breaks off, however large it says it is:
   * RESTEasy (WildFly) read a refused answer whole into memory before the REST client's exception
   * mapper saw it, and this one, which breaks off after 1 MiB of the 4 GiB it announces, then
   * failed as a broken connection instead.
   */
  @Test
  void anErrorPageThatBreaksOffStillCountsAsUdesksRefusal() {
    String message = WeChatMessages.of(WeChatMessages.TEXT, FakeUdesk.MARK_HUGE_FAULT);
    SimulatedWeChat.Sent sent =
        SimulatedWeChat.push(WeChatAccount.AES, PushMode.PLAINTEXT, message);
    assertEquals(200, sent.status());
    assertEquals("", sent.body());
    assertTrue(
        notReachingUdeskLogged(message, PushMode.PLAINTEXT, sent, "refused (HTTP 500)"),
        "counted as Udesk's refusal");
  }

  @Test
  void anUndeliveredPushIsLoggedWithoutItsContent() {
    String message = WeChatMessages.of(WeChatMessages.TEXT, FakeUdesk.MARK_ERROR);
    SimulatedWeChat.Sent sent = SimulatedWeChat.push(WeChatAccount.AES, PushMode.SAFE, message);
    String log = TestBridge.serverLog();
    assertTrue(
        notReachingUdeskLogged(message, PushMode.SAFE, sent, "refused (HTTP 500)"),
        "the log says which push and why");
    assertFalse(log.contains("你好，我想咨询一下"), "the follower's message is not in the log");
  }

  @Test
  void anAnswerLargerThanAnyReplyIsNotReadWhole() {
    String message = WeChatMessages.of(WeChatMessages.TEXT, FakeUdesk.MARK_HUGE);
    SimulatedWeChat.Sent sent =
        SimulatedWeChat.push(WeChatAccount.AES, PushMode.PLAINTEXT, message);
    assertEquals(200, sent.status());
    assertEquals("", sent.body());
    assertTrue(
        notReachingUdeskLogged(
            message, PushMode.PLAINTEXT, sent, "refused (Udesk's answer is over 256 KiB"),
        "the log says why");
  }

  @Test
  void aReplyThatBreaksOffIsNotPassedOn() {
    String message = WeChatMessages.of(WeChatMessages.TEXT, FakeUdesk.MARK_CUT);
    SimulatedWeChat.Sent sent =
        SimulatedWeChat.push(WeChatAccount.AES, PushMode.PLAINTEXT, message);
    assertEquals(200, sent.status());
    assertEquals("", sent.body(), "not the part of Udesk's reply that came");
    assertTrue(
        sent.elapsed().toMillis() < 2000, "no waiting: " + sent.elapsed().toMillis() + " ms");
    assertTrue(
        notReachingUdeskLogged(
            message, PushMode.PLAINTEXT, sent, "refused (Udesk's answer broke off after its 2xx"),
        "the log says why");
  }

  /**
   * Udesk's server closes the connection a push went out on before any answer (most often a
   * kept-alive connection it closed just then). Neither server's engine sends a POST again by
   * itself: WeChat gets its empty answer at once, and the inbox delivers the push again, after its
   * back-off (a push reaches Udesk at least once anyway).
   */
  @Test
  void aPushWhoseConnectionUdeskClosedBeforeAnsweringIsDeliveredAgain()
      throws InterruptedException {
    String message = WeChatMessages.of(WeChatMessages.TEXT, FakeUdesk.MARK_DROP_ONCE);
    String sender = WeChatMessages.sender(message);
    SimulatedWeChat.Sent sent =
        SimulatedWeChat.push(WeChatAccount.AES, PushMode.PLAINTEXT, message);
    assertEquals(200, sent.status());
    assertEquals("", sent.body(), "refused: WeChat gets its empty answer at once");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (WeChatReplies.forwardedFrom(sender).size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(100); // delivered again by the inbox, after its back-off
    }
    assertEquals(
        2, WeChatReplies.forwardedFrom(sender).size(), "the dropped forward, and once more");
  }

  /** The id the bridge gave the request (X-Request-Id): every log line about the push has it. */
  private static String requestId(SimulatedWeChat.Sent sent) {
    return sent.response().headers().firstValue("X-Request-Id").orElse("(none)");
  }

  /**
   * Whether the server's log has the line that says why this push did not reach Udesk ({@code why}:
   * the start of the reason).
   */
  private static boolean notReachingUdeskLogged(
      String message, PushMode mode, SimulatedWeChat.Sent sent, String why) {
    return TestBridge.serverLog()
        .contains(
            "text MsgId="
                + msgId(message)
                + " ("
                + (mode == PushMode.PLAINTEXT ? "plaintext" : "encrypted")
                + "), request "
                + requestId(sent)
                + " did not reach Udesk: "
                + why);
  }

  private static String msgId(String message) {
    return message.substring(
        message.indexOf("<MsgId>") + "<MsgId>".length(), message.indexOf("</MsgId>"));
  }
}
