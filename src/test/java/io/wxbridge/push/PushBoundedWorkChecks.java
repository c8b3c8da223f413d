package io.wxbridge.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.testing.StalledRequests;
import io.wxbridge.testing.TestBridge;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What a stranger costs the WeChat face: the signature is checked before the body is parsed, deep
 * nesting is refused by a bounded streaming pass, the body is capped, and a flood of bad requests
 * leaves a bounded number of log lines (run by BridgeIT).
 */
public abstract class PushBoundedWorkChecks {
  private static final Duration QUICK = Duration.ofSeconds(3);

  /** bridge.log.refusal-lines and bridge.log.refusal-window in bridge-it.properties. */
  private static final int LINES = 20;

  private static final long WINDOW_MILLIS = 10_000;
  private static final int FLOOD = 400;

  @Test
  void aForgedPlaintextPushIsRefusedBeforeItsBodyIsParsed() {
    String log = TestBridge.serverLog();
    Map<String, String> forged =
        Map.of(
            "signature",
            "0123456789abcdef0123456789abcdef01234567",
            "timestamp",
            SimulatedWeChat.timestamp(),
            "nonce",
            "1");
    // not XML at all: a parser would answer 400; the signature check answers first
    SimulatedWeChat.Sent sent =
        SimulatedWeChat.post(
            WeChatAccount.PLAIN.appId(),
            forged,
            "<xml><unclosed>".getBytes(StandardCharsets.UTF_8));
    assertEquals(401, sent.status(), sent.body());
    assertTrue(sent.elapsed().compareTo(QUICK) < 0, "answered in " + sent.elapsed());
    assertNoStackTraceOrSevereSince(log);
  }

  @Test
  void aHundredThousandLevelsOfNestingAreRefusedQuickly() {
    String log = TestBridge.serverLog();
    String deep = "<xml>" + "<a>".repeat(100_000) + "</a>".repeat(100_000) + "</xml>";
    for (PushMode mode : PushMode.values()) {
      Map<String, String> query =
          SimulatedWeChat.signedQuery(
              WeChatAccount.AES, SimulatedWeChat.timestamp(), SimulatedWeChat.nonce());
      if (mode != PushMode.PLAINTEXT) {
        query.put("encrypt_type", "aes");
        query.put("msg_signature", "0123456789abcdef0123456789abcdef01234567");
      }
      SimulatedWeChat.Sent sent =
          SimulatedWeChat.post(
              WeChatAccount.AES.appId(), query, deep.getBytes(StandardCharsets.UTF_8));
      assertTrue(sent.status() >= 400 && sent.status() < 500, mode + ": " + sent.status());
      assertTrue(sent.elapsed().compareTo(QUICK) < 0, mode + " answered in " + sent.elapsed());
      assertFalse(sent.body().contains("Exception") || sent.body().contains("\tat "), sent.body());
    }
    assertNoStackTraceOrSevereSince(log);
  }

  @Test
  void nestingWithinTheCapIsRefusedByTheStreamingPassBeforeTheSignature() {
    String log = TestBridge.serverLog();
    // 15,000 opened levels (45 KB) fit in the 64 KiB cap; the bounded pass stops at 17, long before
    // the end
    String deep = "<xml>" + "<a>".repeat(15_000) + "<Encrypt>x</Encrypt>";
    Map<String, String> query =
        SimulatedWeChat.signedQuery(
            WeChatAccount.AES, SimulatedWeChat.timestamp(), SimulatedWeChat.nonce());
    query.put("encrypt_type", "aes");
    query.put("msg_signature", "0123456789abcdef0123456789abcdef01234567");
    SimulatedWeChat.Sent sent =
        SimulatedWeChat.post(
            WeChatAccount.AES.appId(), query, deep.getBytes(StandardCharsets.UTF_8));
    assertEquals(400, sent.status(), sent.body());
    assertTrue(sent.body().contains("nested deeper than 16 levels"), sent.body());
    assertTrue(sent.elapsed().compareTo(QUICK) < 0, "answered in " + sent.elapsed());
    assertNoStackTraceOrSevereSince(log);
  }

  @Test
  void aGenuinelySignedPlaintextQueryWithADeeplyNestedBodyIsRefusedWithoutAStackOverflow() {
    String log = TestBridge.serverLog();
    // plaintext mode: the signature covers the query, not the body, so whoever saw a signed query
    // can send
    // any body with it; 15,000 levels (45 KB, under the cap) would overflow a recursive DOM or JAXB
    // read
    String deep = "<xml>" + "<a>".repeat(15_000);
    Map<String, String> query =
        SimulatedWeChat.signedQuery(
            WeChatAccount.PLAIN, SimulatedWeChat.timestamp(), SimulatedWeChat.nonce());
    SimulatedWeChat.Sent sent =
        SimulatedWeChat.post(
            WeChatAccount.PLAIN.appId(), query, deep.getBytes(StandardCharsets.UTF_8));
    assertEquals(400, sent.status(), "a too-deep body is a 400: " + sent.body());
    assertTrue(
        sent.body().contains("nested deeper than 16 levels"),
        "the answer says why: " + sent.body());
    assertTrue(sent.elapsed().compareTo(QUICK) < 0, "answered quickly, in " + sent.elapsed());
    assertNoStackTraceOrSevereSince(log);
  }

  @Test
  void aFloodOfBadRequestsLeavesABoundedNumberOfLogLines() throws Exception {
    String marker = "wechat/wxpushflood0001: signature does not match";
    int before = count(TestBridge.serverLog(), marker);
    long started = System.nanoTime();
    ExecutorService strangers = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> statuses = new ArrayList<>();
      for (int i = 0; i < FLOOD; i++) {
        String nonce = Integer.toString(i);
        statuses.add(
            strangers.submit(
                () ->
                    SimulatedWeChat.post(
                            "wxpushflood0001",
                            Map.of("signature", "00", "timestamp", "1", "nonce", nonce),
                            "<xml/>".getBytes(StandardCharsets.UTF_8))
                        .status()));
      }
      for (Future<Integer> status : statuses) {
        assertEquals(401, status.get());
      }
    } finally {
      strangers.shutdown();
    }
    long windows = Duration.ofNanos(System.nanoTime() - started).toMillis() / WINDOW_MILLIS + 2;
    int logged = count(TestBridge.serverLog(), marker) - before;
    assertTrue(logged > 0, "refusals are still logged");
    assertTrue(
        logged <= LINES * windows && logged < FLOOD,
        FLOOD
            + " refusals over "
            + windows
            + " log windows, "
            + logged
            + " lines (bridge.log.refusal-lines="
            + LINES
            + " per window)");

    Thread.sleep(WINDOW_MILLIS + 200); // a fresh window: later checks find their lines again
    SimulatedWeChat.post(
        "wxpushflood0001",
        Map.of("signature", "00", "timestamp", "1", "nonce", "x"),
        "<xml/>".getBytes(StandardCharsets.UTF_8));
    assertTrue(
        TestBridge.serverLog().contains("further refusals (401 wechat) were not logged"),
        "the log says how many were dropped");
  }

  /**
   * Strangers' safe-mode pushes (a forged msg_signature can only be checked once the body is in)
   * that announce 400 bytes and stall after 17, more of them than either server's 200 worker
   * threads: beyond bridge.push.max-slow-bodies they are refused 503 at once, and a push WeChat
   * sends meanwhile, whose body comes with its headers, is answered in time. In a probe, 220 such
   * pushes held every worker and the bridge answered nothing for 30 s, on both servers.
   */
  @Test
  void strangersStalledPushBodiesCannotTakeEveryThread() throws Exception {
    String query =
        "?signature=a&timestamp="
            + SimulatedWeChat.timestamp()
            + "&nonce=1&encrypt_type=aes"
            + "&msg_signature=a HTTP/1.1";
    String rest = "Content-Type: text/xml\r\nContent-Length: 400\r\n\r\n<xml><ToUserName>";
    List<java.net.Socket> stalled =
        new ArrayList<>(StalledRequests.open(120, "POST /wechat/wxffffffffffffffff" + query, rest));
    // a matrix parameter is not part of the path JAX-RS matches: these reach the push resource too
    stalled.addAll(StalledRequests.open(120, "POST /wechat;x=1/wxffffffffffffffff" + query, rest));
    try {
      int refused = StalledRequests.refusedAtOnce(stalled);
      assertTrue(
          refused >= stalled.size() - 32 && refused <= stalled.size() - 24,
          refused + " let go: beyond bridge.push.max-slow-bodies (32) each is refused at once");
      // every slow-body permit is held now: WeChat's push, whose body comes whole, needs none
      String message = WeChatMessages.of(WeChatMessages.TEXT, "stalled");
      SimulatedWeChat.Sent sent =
          SimulatedWeChat.push(WeChatAccount.PLAIN, PushMode.PLAINTEXT, message);
      assertEquals(200, sent.status());
      assertTrue(
          sent.elapsed().compareTo(Duration.ofSeconds(5)) < 0,
          "answered in " + sent.elapsed() + " while strangers' bodies stall");
      Map<String, String> taken = signedQuery(SimulatedWeChat.timestamp());
      assertEquals(
          "HTTP/1.1 200",
          slowSignedPush(taken, true),
          "a push WeChat signed whose 30 KB body comes in two parts needs no permit");
      assertEquals(
          "HTTP/1.1 503",
          slowSignedPush(taken, false),
          "its query again (an access log's, another body): a stranger's, refused at once");
      String anHourAgo = String.valueOf(System.currentTimeMillis() / 1000 - 3600);
      assertEquals(
          "HTTP/1.1 503",
          slowSignedPush(signedQuery(anHourAgo), false),
          "an old signed query is a stranger's: no permit left, refused at once");
      // an account that refuses plaintext pushes records no query in the database, but this
      // instance must know its URL check's query as taken (a reviewer: it never did)
      Map<String, String> checked =
          SimulatedWeChat.signedQuery(
              WeChatAccount.ENCRYPTED_ONLY, SimulatedWeChat.timestamp(), SimulatedWeChat.nonce());
      Map<String, String> urlCheck = new java.util.LinkedHashMap<>(checked);
      urlCheck.put("echostr", "e1");
      assertEquals(
          200,
          TestBridge.http()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          SimulatedWeChat.uri(WeChatAccount.ENCRYPTED_ONLY.appId(), urlCheck))
                      .GET()
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.discarding())
              .statusCode());
      assertEquals(
          "HTTP/1.1 503",
          slowSignedPush(WeChatAccount.ENCRYPTED_ONLY, checked, false),
          "an encrypted-only account's URL check query again: a stranger's, refused at once");
    } finally {
      StalledRequests.close(stalled);
    }
  }

  /**
   * A push WeChat signed, its body in two parts 300 ms apart (or only the first, when the bridge is
   * expected to answer without waiting for the rest); the answer's status line.
   */
  private static Map<String, String> signedQuery(String timestamp) {
    return SimulatedWeChat.signedQuery(WeChatAccount.PLAIN, timestamp, SimulatedWeChat.nonce());
  }

  private static String slowSignedPush(Map<String, String> query, boolean sendTheRest)
      throws Exception {
    return slowSignedPush(WeChatAccount.PLAIN, query, sendTheRest);
  }

  private static String slowSignedPush(
      WeChatAccount account, Map<String, String> query, boolean sendTheRest) throws Exception {
    String message =
        WeChatMessages.of(WeChatMessages.TEXT, "slowbody")
            .replace("<Content><![CDATA[", "<Content><![CDATA[" + "好".repeat(10_000));
    byte[] body = message.getBytes(StandardCharsets.UTF_8);
    java.net.URI uri = SimulatedWeChat.uri(account.appId(), query);
    try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(5_000);
      socket.setTcpNoDelay(true);
      java.io.OutputStream out = socket.getOutputStream();
      out.write(
          ("POST "
                  + uri.getRawPath()
                  + "?"
                  + uri.getRawQuery()
                  + " HTTP/1.1\r\nHost: "
                  + uri.getHost()
                  + "\r\nContent-Type: text/xml\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, 100);
      out.flush();
      if (sendTheRest) {
        Thread.sleep(300);
        out.write(body, 100, body.length - 100);
        out.flush();
      }
      return new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
    }
  }

  private static void assertNoStackTraceOrSevereSince(String before) {
    String added =
        TestBridge.serverLog()
            .substring(Math.min(before.length(), TestBridge.serverLog().length()));
    assertFalse(added.contains("SEVERE"), added);
    assertFalse(added.contains("StackOverflowError") || added.contains("\tat "), added);
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      n++;
    }
    return n;
  }
}
