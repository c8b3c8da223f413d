package io.wxbridge.wechatapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.testing.FakeWeChatApi;
import io.wxbridge.testing.RecordedRequest;
import io.wxbridge.testing.TestBridge;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What is retried and what is not: WeChat's -1 and connections that never reached WeChat are
 * retried within bounds; a send that may have reached WeChat is not; errors that retrying cannot
 * fix are passed on at once, unchanged (run by BridgeIT).
 */
public abstract class WeChatRetryChecks {
  private static final Logger LOG = Logger.getLogger(WeChatRetryChecks.class.getName());
  private final FakeWeChatApi wechat = TestBridge.wechat();

  @Test
  void busyOnceIsRetriedAndSucceeds() throws Exception {
    String app = "wxtokenbusy000001";
    WeChatCalls calls = new WeChatCalls(app);
    calls.userInfo("o-warm");
    int before = wechat.received(app, FakeWeChatApi.USER_INFO).size();
    wechat.failNextWith(app, FakeWeChatApi.USER_INFO, -1);

    HttpResponse<String> info = calls.userInfo("o-busy");

    assertEquals(200, info.statusCode(), info.body());
    assertEquals(1, WeChatCalls.json(info).getInt("subscribe"), info.body());
    assertEquals(
        2,
        wechat.received(app, FakeWeChatApi.USER_INFO).size() - before,
        "the -1 call and its retry");
    String request = "request " + info.headers().firstValue("X-Request-Id").orElse("(none)");
    List<String> lines = TestBridge.serverLog().lines().filter(l -> l.contains(request)).toList();
    assertTrue(
        lines.stream()
            .anyMatch(
                l -> l.contains(app + ": WeChat answered -1 (system busy) to /cgi-bin/user/info")),
        "WeChat's -1 is logged with the id of the request it was met for: " + lines);
    assertTrue(
        lines.stream().anyMatch(l -> l.contains(app + ": Udesk call USER_INFO, " + request + ":")),
        "and so is the relayed call itself: " + lines);
  }

  @Test
  void busyEveryTimeIsPassedOnAfterBoundedRetries() throws Exception {
    String app = "wxtokenbusy000001";
    WeChatCalls calls = new WeChatCalls(app);
    int before = sendsBeforeBusyEveryTime(app, calls);
    try {
      Instant start = Instant.now();
      HttpResponse<String> busy = calls.sendText("o-busy", "still busy?");
      Duration took = Duration.between(start, Instant.now());

      assertEquals(200, busy.statusCode(), "WeChat's own answer, passed on");
      assertEquals(-1, WeChatCalls.json(busy).getInt("errcode"), busy.body());
      assertEquals("system error", WeChatCalls.json(busy).getString("errmsg"));
      assertEquals(
          4, wechat.received(app, FakeWeChatApi.CUSTOM_SEND).size() - before, "1 call + 3 retries");
      assertTrue(
          took.compareTo(Duration.ofMillis(750)) >= 0 && took.compareTo(Duration.ofSeconds(10)) < 0,
          "jittered back-off, under 10 s: " + took.toMillis() + " ms");
      LOG.info(() -> "-1 every time: 4 attempts in " + took.toMillis() + " ms");
    } finally {
      wechat.reset(app);
    }
  }

  @Test
  void noAttemptFollowsOnceTheRetryTimeHasPassedSinceTheFirstStarted() throws Exception {
    String app = "wxtokenbusy000001";
    WeChatCalls calls = new WeChatCalls(app);
    int before = sendsBeforeBusyEveryTime(app, calls);
    for (int i = 0; i < 3; i++) {
      wechat.delayNext(app, FakeWeChatApi.CUSTOM_SEND, 4000); // each -1 comes after 4 s
    }
    try {
      Instant start = Instant.now();
      HttpResponse<String> busy = calls.sendText("o-slow-busy", "busy and slow");
      Duration took = Duration.between(start, Instant.now());

      assertEquals(200, busy.statusCode(), "WeChat's own answer, passed on");
      assertEquals(-1, WeChatCalls.json(busy).getInt("errcode"), busy.body());
      // the second fails about 8.5 s after the first started, past the policy's 6 s: no third
      // (counted from the first failure instead, a third would start)
      assertEquals(
          2,
          wechat.received(app, FakeWeChatApi.CUSTOM_SEND).size() - before,
          "a second attempt, none after it");
      LOG.info(() -> "-1 after 4 s every time: 2 attempts in " + took.toMillis() + " ms");
    } finally {
      wechat.reset(app);
    }
  }

  @Test
  void aRefusedConnectionIsRetriedThenAnsweredWithAClearError() throws Exception {
    String app = "wxtokendown000001";
    String attempt = app + ": could not connect to WeChat for /cgi-bin/user/info";
    int loggedBefore = count(TestBridge.serverLog(), attempt);
    Instant start = Instant.now();
    HttpResponse<String> down = new WeChatCalls(app).userInfo("o-down");
    Duration took = Duration.between(start, Instant.now());

    assertEquals(502, down.statusCode(), down.body());
    JsonObject error = WeChatCalls.json(down);
    assertEquals(-1, error.getInt("errcode"));
    assertEquals("WeChat API unreachable", error.getString("errmsg"));
    assertTrue(
        took.compareTo(Duration.ofSeconds(10)) < 0,
        "the retries end well within 10 s: " + took.toString());
    assertEquals(4, count(TestBridge.serverLog(), attempt) - loggedBefore, "1 attempt + 3 retries");
    LOG.info(() -> "connection refused: 4 attempts, 502 after " + took.toMillis() + " ms");
  }

  @Test
  void aSendThatGotNoAnswerInTimeIsNotRetried() throws Exception {
    String app = "wxtokenslow000001";
    WeChatCalls calls = new WeChatCalls(app);
    calls.userInfo("o-warm");
    int before = wechat.received(app, FakeWeChatApi.CUSTOM_SEND).size();
    wechat.delayNext(app, FakeWeChatApi.CUSTOM_SEND, 6000);

    Instant start = Instant.now();
    HttpResponse<String> slow = calls.sendText("o-slow", "only once, please");
    Duration took = Duration.between(start, Instant.now());

    assertEquals(504, slow.statusCode(), slow.body());
    JsonObject error = WeChatCalls.json(slow);
    assertEquals(-1, error.getInt("errcode"));
    assertTrue(
        error.getString("errmsg").contains("may have been delivered"),
        "the 504 says the message may have been delivered: " + slow.body());
    Thread.sleep(1000); // a retry would follow within 750 ms (FT delay 500 ± 250)
    assertEquals(
        1,
        wechat.received(app, FakeWeChatApi.CUSTOM_SEND).size() - before,
        "WeChat saw the send exactly once");
    LOG.info(
        () -> "read timeout on a send: 504 after " + took.toMillis() + " ms, 1 send at WeChat");
  }

  /**
   * An answer that ends before its Content-Length must not reach Udesk as WeChat's "ok", whatever
   * the engine reports (the JDK's connection, Payara's earlier transport, reported a normal end).
   */
  @Test
  void anAnswerCutOffBeforeItsLengthIsNoAnswer() throws Exception {
    String app = "wxtokenslow000001";
    WeChatCalls calls = new WeChatCalls(app);
    calls.userInfo("o-warm");
    int before = wechat.received(app, FakeWeChatApi.CUSTOM_SEND).size();
    wechat.cutOffNext(app, FakeWeChatApi.CUSTOM_SEND);

    HttpResponse<String> cut = calls.sendText("o-cut", "half an answer");

    assertEquals(504, cut.statusCode(), cut.body());
    assertEquals(-1, WeChatCalls.json(cut).getInt("errcode"));
    assertTrue(
        WeChatCalls.json(cut).getString("errmsg").contains("may have been delivered"), cut.body());
    Thread.sleep(1000); // a retry would follow within 750 ms (FT delay 500 ± 250)
    assertEquals(
        1,
        wechat.received(app, FakeWeChatApi.CUSTOM_SEND).size() - before,
        "WeChat saw the send once");
  }

  /**
   * WeChat closes the connection of a send without a word (as a kept-alive connection closed on its
   * side): no engine sends the POST again by itself (the JDK's client, Payara's earlier transport,
   * did for a buffered body), and the bridge, which cannot tell whether it arrived, does not
   * either.
   */
  @Test
  void aSendWhoseConnectionClosedWithoutAWordIsNotSentAgainBelowTheBridge() throws Exception {
    String app = "wxtokenslow000001";
    WeChatCalls calls = new WeChatCalls(app);
    calls.userInfo("o-warm");
    int before = wechat.received(app, FakeWeChatApi.CUSTOM_SEND).size();
    wechat.closeSilentlyNext(app, FakeWeChatApi.CUSTOM_SEND);

    HttpResponse<String> closed = calls.sendText("o-closed", "only once, please");

    assertEquals(504, closed.statusCode(), closed.body());
    assertTrue(
        WeChatCalls.json(closed).getString("errmsg").contains("may have been delivered"),
        closed.body());
    Thread.sleep(1000); // a retry by the bridge would follow within 750 ms (FT delay 500 ± 250)
    assertEquals(
        1,
        wechat.received(app, FakeWeChatApi.CUSTOM_SEND).size() - before,
        "WeChat saw the send once");
  }

  /**
   * The same for a read: it only reads, so the engine sends it once more by itself, and Udesk gets
   * its answer.
   */
  @Test
  void aReadWhoseConnectionClosedWithoutAWordIsSentOnceMore() throws Exception {
    String app = "wxtokenslow000001";
    WeChatCalls calls = new WeChatCalls(app);
    calls.userInfo("o-warm");
    int before = wechat.received(app, FakeWeChatApi.USER_INFO).size();
    wechat.closeSilentlyNext(app, FakeWeChatApi.USER_INFO);

    HttpResponse<String> read = calls.userInfo("o-closed-read");

    assertEquals(200, read.statusCode(), read.body());
    assertEquals("o-closed-read", WeChatCalls.json(read).getString("openid"), read.body());
    assertEquals(
        2, wechat.received(app, FakeWeChatApi.USER_INFO).size() - before, "closed, then once more");
  }

  /**
   * The fake WeChat sets a cookie on every answer, as a gateway's affinity cookie would: the
   * bridge's client keeps none (the WeChat API's client serves every account of its base URL), and
   * asks for no compressed answer (a medium's bytes and length pass on as WeChat sent them).
   */
  @Test
  void aGatewaysCookieIsNeverSentBackAndNoCompressionIsAskedFor() throws Exception {
    String app = "wxtokenslow000001";
    WeChatCalls calls = new WeChatCalls(app);
    calls.userInfo("o-cookie-1");
    calls.userInfo("o-cookie-2");

    List<RecordedRequest> reads = wechat.received(app, FakeWeChatApi.USER_INFO);
    RecordedRequest last = reads.get(reads.size() - 1);
    assertTrue(last.query().contains("o-cookie-2"), last.query());
    assertNull(last.header("Cookie"), "no cookie sent back");
    String encoding = last.header("Accept-Encoding");
    assertTrue(encoding == null || !encoding.contains("gzip"), "asked for: " + encoding);
  }

  @Test
  void anErrorThatRetryingCannotFixIsPassedOnUnchangedAtOnce() throws Exception {
    String app = "wxtokenwin0000001";
    WeChatCalls calls = new WeChatCalls(app);
    wechat.failNextWith(app, FakeWeChatApi.CUSTOM_SEND, 45015);

    HttpResponse<String> closed = calls.sendText("o-window", "too late");

    assertEquals(200, closed.statusCode());
    assertEquals(45015, WeChatCalls.json(closed).getInt("errcode"));
    assertTrue(
        closed
            .body()
            .startsWith(
                "{\"errcode\":45015,\"errmsg\":\"response out of time limit or subscription"
                    + " is canceled rid: "),
        "WeChat's body, byte for byte: " + closed.body());
    assertEquals(1, wechat.received(app, FakeWeChatApi.CUSTOM_SEND).size(), "not retried");
    assertEquals(0, WeChatCalls.json(calls.sendText("o-window", "in time")).getInt("errcode"));
  }

  @Test
  void anHttpErrorOfWeChatsGatewayIsPassedOnUnchanged() throws Exception {
    String app = "wxtokenwin0000001";
    WeChatCalls calls = new WeChatCalls(app);
    calls.userInfo("o-warm");
    int before = wechat.received(app, FakeWeChatApi.USER_INFO).size();
    wechat.failNextWithStatus(app, FakeWeChatApi.USER_INFO, 503);

    HttpResponse<String> unavailable = calls.userInfo("o-gateway");

    assertEquals(503, unavailable.statusCode());
    assertTrue(
        unavailable.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"),
        "WeChat's gateway error page keeps its text/html Content-Type");
    assertTrue(
        unavailable.body().contains("<h1>503</h1>"),
        "WeChat's gateway page is passed on unchanged: " + unavailable.body());
    assertEquals(1, wechat.received(app, FakeWeChatApi.USER_INFO).size() - before, "not retried");
  }

  /**
   * WeChat's API answers 200 with an errcode; a 401 comes from a gateway or a proxy given as
   * api-url, and is passed on as it came, on both servers (the JDK's HttpURLConnection, Payara's
   * transport before Apache's, lost the body of a 401 to a POST of declared length). The send is
   * made once and nothing else is claimed.
   */
  @Test
  void aSendAGatewayAnswers401IsMadeOnceAndPassedOn() throws Exception {
    String app = "wxtokenslow000001";
    WeChatCalls calls = new WeChatCalls(app);
    calls.userInfo("o-warm");
    int before = wechat.received(app, FakeWeChatApi.CUSTOM_SEND).size();
    wechat.failNextWithStatus(app, FakeWeChatApi.CUSTOM_SEND, 401);

    HttpResponse<String> unauthorized = calls.sendText("o-gateway", "behind a proxy");

    assertEquals(401, unauthorized.statusCode(), unauthorized.body());
    assertTrue(unauthorized.body().contains("<h1>401</h1>"), unauthorized.body());
    Thread.sleep(1000); // a retry would follow within 750 ms (FT delay 500 ± 250)
    assertEquals(1, wechat.received(app, FakeWeChatApi.CUSTOM_SEND).size() - before, "made once");
  }

  private static int count(String text, String what) {
    Matcher found = Pattern.compile(Pattern.quote(what)).matcher(text);
    int n = 0;
    while (found.find()) {
      n++;
    }
    return n;
  }

  /**
   * Warms the account's send path up, then makes WeChat answer every send with -1.
   *
   * @return the sends WeChat had received before
   */
  private int sendsBeforeBusyEveryTime(String app, WeChatCalls calls) throws Exception {
    calls.sendText("o-warm", "warm");
    int before = wechat.received(app, FakeWeChatApi.CUSTOM_SEND).size();
    wechat.failAlwaysWith(app, FakeWeChatApi.CUSTOM_SEND, -1);
    return before;
  }
}
