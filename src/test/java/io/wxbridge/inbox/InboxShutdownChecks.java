package io.wxbridge.inbox;

import static io.wxbridge.inbox.InboxWeChat.INBOX;
import static io.wxbridge.inbox.InboxWeChat.READY;
import static io.wxbridge.inbox.InboxWeChat.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.push.PushMode;
import io.wxbridge.push.WeChatMessages;
import io.wxbridge.push.WeChatReplies;
import io.wxbridge.testing.BridgeProcess;
import io.wxbridge.testing.TestBridge;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A normal stop (SIGTERM) of a bridge process while Udesk is slow and WeChat keeps pushing: every
 * push WeChat got a 200 for reaches Udesk exactly once, counting the restarted bridge on the same
 * data directory; a push the stopping bridge did not acknowledge reaches Udesk at most once (WeChat
 * retries it).
 */
public abstract class InboxShutdownChecks {
  private static final int IN_FLIGHT = 6;

  @SuppressWarnings("try") // the restarted bridge only has to run while Udesk receives the rest
  @Test
  void aStoppedBridgeDeliversItsPushesOnceAndLosesNoAcknowledgedOne() throws IOException {
    Assumptions.assumeFalse(
        TestBridge.onWildFly(), "an extra Payara Micro process: run once, in the Payara pass");
    Path data = TestBridge.itDir().resolve("shutdown-data");
    TestBridge.deleteRecursively(data);
    String config = InboxWeChat.processConfiguration("bridge.data-dir=" + data.toAbsolutePath());
    Map<String, Integer> statusBySender = new ConcurrentHashMap<>();
    List<String> inFlight = new ArrayList<>();
    ExecutorService wechat = Executors.newFixedThreadPool(IN_FLIGHT + 1);
    try {
      try (BridgeProcess first = BridgeProcess.start("shutdown-1", config, "", List.of(), READY)) {
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT; i++) {
          // Udesk answers after 1 s, or (one of them) after 6 s: past WeChat's deadline
          String message =
              WeChatMessages.of(WeChatMessages.TEXT, i == 0 ? "inbox:late6" : "inbox:late1");
          inFlight.add(WeChatMessages.sender(message));
          sends.add(
              CompletableFuture.runAsync(
                  () -> send(first.url("/"), message, statusBySender), wechat));
        }
        await( // every one of them with Udesk, which has not answered yet
            Duration.ofSeconds(20),
            () -> inFlight.stream().noneMatch(s -> WeChatReplies.forwardedFrom(s).isEmpty()));
        CompletableFuture<Void> duringStop =
            CompletableFuture.runAsync(() -> keepPushing(first, statusBySender), wechat);
        assertTrue(first.stop(Duration.ofSeconds(60)), "SIGTERM stops the bridge within 60 s");
        sends.forEach(CompletableFuture::join);
        duringStop.join();
      }
      List<String> acknowledged =
          statusBySender.entrySet().stream()
              .filter(sent -> sent.getValue() == 200)
              .map(Map.Entry::getKey)
              .toList();
      try (BridgeProcess again = BridgeProcess.start("shutdown-2", config, "", List.of(), READY)) {
        await(
            Duration.ofSeconds(60),
            () -> acknowledged.stream().allMatch(s -> !WeChatReplies.forwardedFrom(s).isEmpty()));
        await(Duration.ofSeconds(3), () -> false); // a second delivery would show up now
      }
      Map<String, Integer> forwards =
          statusBySender.keySet().stream()
              .collect(Collectors.toMap(s -> s, s -> WeChatReplies.forwardedFrom(s).size()));
      String seen = "answers " + statusBySender + ", forwards " + forwards;
      for (String sender : inFlight) {
        // Payara closes the connections of requests still open when it stops the application,
        // so WeChat may have no answer for these: they were recorded and must arrive once anyway
        assertEquals(
            1, forwards.get(sender), "a push in flight at the stop reaches Udesk once; " + seen);
      }
      for (String sender : statusBySender.keySet()) {
        if (statusBySender.get(sender) == 200) {
          assertEquals(1, forwards.get(sender), "an acknowledged push reaches Udesk once; " + seen);
        } else {
          assertTrue(forwards.get(sender) <= 1, "any other at most once; " + seen);
        }
      }
    } finally {
      wechat.shutdownNow();
    }
  }

  /** New pushes while the bridge stops, every 100 ms until it is gone (at most 30 s). */
  private static void keepPushing(BridgeProcess bridge, Map<String, Integer> statusBySender) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (bridge.isAlive() && System.nanoTime() < deadline) {
      send(bridge.url("/"), WeChatMessages.of(WeChatMessages.TEXT, "inbox:reply"), statusBySender);
      await(Duration.ofMillis(100), () -> false);
    }
  }

  /** The HTTP status WeChat got, or 0 when the connection failed (not acknowledged). */
  private static void send(URI bridge, String message, Map<String, Integer> statusBySender) {
    int status;
    try {
      status = InboxWeChat.Push.of(INBOX, PushMode.SAFE, message).to(bridge).status();
    } catch (IllegalStateException connectionFailed) {
      status = 0;
    }
    statusBySender.put(WeChatMessages.sender(message), status);
  }
}
