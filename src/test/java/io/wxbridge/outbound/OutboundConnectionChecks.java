package io.wxbridge.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.wxbridge.push.PushMode;
import io.wxbridge.push.SimulatedWeChat;
import io.wxbridge.push.WeChatAccount;
import io.wxbridge.push.WeChatMessages;
import io.wxbridge.testing.FakeUdesk;
import io.wxbridge.testing.SwitchableTcpProxy;
import io.wxbridge.testing.TestBridge;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The bridge's outbound connections once the traffic is gone (run by BridgeIT). */
public abstract class OutboundConnectionChecks {
  private static final int BURST = 8;

  /**
   * After a burst, the connections it opened are closed once their keep-alive (at most 5 s) has run
   * out and the next sweep (every 5 s) comes, although no further call goes to their pool; the fake
   * Udesk (the JDK's server) would close them only after 30 s idle.
   */
  @Test
  void aBurstsConnectionsAreClosedOnceTheirKeepAliveHasRunOut() throws Exception {
    assumeFalse(
        TestBridge.onWildFly(),
        "RESTEasy's engine closes them after one to two minutes (docs/token-and-wechat-api.md)");
    SwitchableTcpProxy udesk = TestBridge.udeskCounted();
    ExecutorService wechat = Executors.newFixedThreadPool(BURST);
    try {
      List<Future<SimulatedWeChat.Sent>> pushes = new ArrayList<>();
      for (int i = 0; i < BURST; i++) {
        // Udesk answers each after 1 s: every push of the burst needs a connection of its own
        String message = WeChatMessages.of(WeChatMessages.TEXT, FakeUdesk.MARK_LATE);
        pushes.add(
            wechat.submit(
                () ->
                    SimulatedWeChat.push(
                        WeChatAccount.IDLE_CONNECTIONS, PushMode.PLAINTEXT, message)));
      }
      for (Future<SimulatedWeChat.Sent> push : pushes) {
        SimulatedWeChat.Sent sent = push.get();
        assertEquals(200, sent.status(), sent.body());
        assertTrue(sent.body().contains("Hello"), "Udesk's reply: " + sent.body());
      }
    } finally {
      wechat.shutdownNow();
    }
    int kept = udesk.openConnections();
    assertTrue(kept >= BURST / 2, "kept alive after the burst: " + kept);

    Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
    while (udesk.openConnections() > 0 && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
    }
    assertEquals(0, udesk.openConnections(), "still open 15 s after the burst");
  }
}
