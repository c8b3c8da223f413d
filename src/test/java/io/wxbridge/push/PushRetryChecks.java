package io.wxbridge.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.testing.FakeUdesk;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * WeChat re-sends a push it got no answer to within 5 s, up to 3 times (docs/protocol.md §3); Udesk
 * gets it once and every attempt gets the same answer, encrypted for its own nonce (run by
 * BridgeIT).
 */
public abstract class PushRetryChecks {

  @ParameterizedTest(name = "{0} mode")
  @EnumSource(PushMode.class)
  void aRetryWhileTheFirstAttemptWaitsForUdeskGetsTheSameReply(PushMode mode) throws Exception {
    String message = WeChatMessages.of(WeChatMessages.TEXT, FakeUdesk.MARK_LATE);
    CompletableFuture<SimulatedWeChat.Sent> first =
        CompletableFuture.supplyAsync(() -> SimulatedWeChat.push(WeChatAccount.AES, mode, message));
    TimeUnit.MILLISECONDS.sleep(300);
    SimulatedWeChat.Sent retry = SimulatedWeChat.push(WeChatAccount.AES, mode, message);
    SimulatedWeChat.Sent original = first.get(10, TimeUnit.SECONDS);

    assertEquals(
        1, WeChatReplies.forwardedFrom(WeChatMessages.sender(message)).size(), "Udesk got it once");
    assertEquals(FakeUdesk.REPLY, reply(mode, original));
    assertEquals(FakeUdesk.REPLY, reply(mode, retry));
    assertTrue(
        retry.elapsed().toMillis() < 1500, "the retry waited only for the first attempt's answer");
  }

  @ParameterizedTest(name = "{0} mode")
  @EnumSource(PushMode.class)
  void aRetryAfterTheAnswerGetsTheSameReplyWithoutUdesk(PushMode mode) {
    String message = WeChatMessages.of(WeChatMessages.LINK, FakeUdesk.MARK_REPLY);
    SimulatedWeChat.Sent first = SimulatedWeChat.push(WeChatAccount.AES, mode, message);
    SimulatedWeChat.Sent second = SimulatedWeChat.push(WeChatAccount.AES, mode, message);
    SimulatedWeChat.Sent third = SimulatedWeChat.push(WeChatAccount.AES, mode, message);

    assertEquals(1, WeChatReplies.forwardedFrom(WeChatMessages.sender(message)).size());
    for (SimulatedWeChat.Sent attempt : new SimulatedWeChat.Sent[] {first, second, third}) {
      assertEquals(200, attempt.status());
      assertEquals(
          FakeUdesk.REPLY, reply(mode, attempt), "each attempt decrypts under its own nonce");
    }
    if (mode != PushMode.PLAINTEXT) {
      assertNotEquals(first.body(), second.body(), "re-encrypted, not replayed");
    }
  }

  @Test
  void aRetriedEventReachesUdeskOnce() {
    String event = WeChatMessages.of(WeChatMessages.SUBSCRIBE_QRSCENE, "retried-event");
    SimulatedWeChat.push(WeChatAccount.AES, PushMode.PLAINTEXT, event);
    SimulatedWeChat.Sent retry = SimulatedWeChat.push(WeChatAccount.AES, PushMode.SAFE, event);
    assertEquals(200, retry.status());
    assertEquals(1, WeChatReplies.forwardedFrom(WeChatMessages.sender(event)).size());
  }

  @Test
  void differentMessagesOfOneFollowerInTheSameSecondAllReachUdesk() {
    String first = WeChatMessages.of(WeChatMessages.TEXT, "same-second");
    String sender = WeChatMessages.sender(first);
    String second =
        WeChatMessages.of(WeChatMessages.TEXT, "x")
            .replaceFirst("<FromUserName><!\\[CDATA\\[[^]]*", "<FromUserName><![CDATA[" + sender);
    String click =
        WeChatMessages.of(WeChatMessages.CLICK, "x")
            .replaceFirst("<FromUserName><!\\[CDATA\\[[^]]*", "<FromUserName><![CDATA[" + sender);
    SimulatedWeChat.push(WeChatAccount.AES, PushMode.PLAINTEXT, first);
    SimulatedWeChat.push(WeChatAccount.AES, PushMode.PLAINTEXT, second);
    SimulatedWeChat.push(WeChatAccount.AES, PushMode.PLAINTEXT, click);
    // a push may arrive before the outcome of its follower's previous one is recorded: it then
    // waits in the inbox behind it, and redelivery brings it within a poll interval or two
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (WeChatReplies.forwardedFrom(sender).size() < 3 && System.nanoTime() < deadline) {
      sleep(50);
    }
    assertEquals(3, WeChatReplies.forwardedFrom(sender).size());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
  }

  private static String reply(PushMode mode, SimulatedWeChat.Sent sent) {
    return mode == PushMode.PLAINTEXT
        ? sent.body()
        : WeChatReplies.decrypt(WeChatAccount.AES, sent);
  }
}
