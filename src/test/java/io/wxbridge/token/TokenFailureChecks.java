package io.wxbridge.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.testing.FakeWeChatApi;
import io.wxbridge.testing.TestBridge;
import io.wxbridge.wechatapi.WeChatCalls;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A token endpoint that keeps failing (here: WeChat answering -1 to every token request) is asked
 * again only after a back-off that doubles (2 s, 4 s, …), by the timer as well as by calls; calls
 * meanwhile get errcode -1 at once; the log says so once, not per attempt, and that the timer's
 * fetch served no request (run by BridgeIT).
 */
public abstract class TokenFailureChecks {
  private static final Logger LOG = Logger.getLogger(TokenFailureChecks.class.getName());
  private static final String APP = "wxtokenbackoff001";
  private final FakeWeChatApi wechat = TestBridge.wechat();

  @Test
  void aFailingTokenEndpointIsBackedOffAndCallersAreAnsweredAtOnce() throws Exception {
    wechat.expiresIn(APP, 4);
    WeChatCalls calls = new WeChatCalls(APP);
    assertEquals(200, calls.userInfo("o-backoff-warm").statusCode(), "a first token is fetched");
    // the timer's refresh fails first: its line says no request asked for it (none is made up)
    String warning = APP + ": no access token, no request (token refresh timer): ";
    int warningsBefore = count(TestBridge.serverLog(), warning);
    int before = wechat.received(APP, FakeWeChatApi.STABLE_TOKEN).size();
    wechat.failAlwaysWith(APP, FakeWeChatApi.STABLE_TOKEN, -1);
    try {
      Thread.sleep(
          10_000); // the 4-second token falls due for refresh after ~2 s and expires after 4 s

      int requests = wechat.received(APP, FakeWeChatApi.STABLE_TOKEN).size() - before;
      LOG.info(() -> "-1 to every token request for 10 s: " + requests + " token requests");
      // without back-off the timer starts a series of up to 4 attempts every second: 20 and more in
      // 10 s;
      // with it: a series at ~2 s, then after 2 s and 4 s of back-off: at most 3 series of 4
      assertTrue(
          requests >= 4 && requests <= 12,
          "backed-off token requests in 10 s (4 to 12): " + requests);
      assertEquals(
          1,
          count(TestBridge.serverLog(), warning) - warningsBefore,
          "one warning for the failing token endpoint, not one per attempt");

      Instant asked = Instant.now();
      HttpResponse<String> busy = calls.userInfo("o-backoff");
      Duration took = Duration.between(asked, Instant.now());
      assertEquals(
          -1,
          WeChatCalls.json(busy).getInt("errcode"),
          "the caller gets WeChat's -1: " + busy.body());
      assertTrue(
          took.compareTo(Duration.ofMillis(5_500)) < 0,
          "answered within the max wait (5 s): " + took);
    } finally {
      wechat.reset(APP);
    }
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
      count++;
    }
    return count;
  }
}
