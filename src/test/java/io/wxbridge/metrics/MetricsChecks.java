package io.wxbridge.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.push.PushMode;
import io.wxbridge.push.SimulatedWeChat;
import io.wxbridge.push.WeChatAccount;
import io.wxbridge.push.WeChatMessages;
import io.wxbridge.testing.FakeUdesk;
import io.wxbridge.testing.FakeWeChatApi;
import io.wxbridge.testing.TestBridge;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * GET /admin/metrics counts a known sequence of pushes and relayed calls exactly, names no
 * follower, and answers administrators only; every answer carries its request's id, which the log
 * lines about it have too (run by BridgeIT: the same checks on Payara Micro and WildFly). Counts
 * are read before and after, as other checks push to the same bridge.
 */
public abstract class MetricsChecks {
  private static final String RELAY = "wxrelay0000000001";
  private static final String PLAIN = WeChatAccount.PLAIN.appId();
  private static final Pattern REQUEST_ID = Pattern.compile("[0-9a-f]{12}");

  @Test
  void countsPushesExactlyARetryAsADuplicate() {
    Scrape before = Scrape.now();
    String replied = WeChatMessages.of(WeChatMessages.TEXT, FakeUdesk.MARK_REPLY + " metrics");
    String unanswered = WeChatMessages.of(WeChatMessages.TEXT, "metrics-empty");

    SimulatedWeChat.push(WeChatAccount.PLAIN, PushMode.PLAINTEXT, replied);
    SimulatedWeChat.push(WeChatAccount.PLAIN, PushMode.PLAINTEXT, replied); // WeChat's retry
    SimulatedWeChat.push(WeChatAccount.PLAIN, PushMode.PLAINTEXT, unanswered);

    Scrape after = Scrape.now();
    assertEquals(
        2, increase(before, after, "bridge_pushes_total", pushLabels("passive_reply")), "replied");
    assertEquals(
        1, increase(before, after, "bridge_pushes_total", pushLabels("no_reply")), "no reply");
    assertEquals(
        1,
        increase(
            before,
            after,
            "bridge_push_duplicates_total",
            "account",
            PLAIN,
            "recognised_by",
            "memory"),
        "the retry is a duplicate");
    assertEquals(
        2,
        increase(
            before,
            after,
            "bridge_udesk_forward_seconds_count",
            "account",
            PLAIN,
            "outcome",
            "answered"),
        "two forwards reached Udesk: the retry was not forwarded");
    assertTrue(
        after.value(
                "bridge_udesk_forward_seconds_bucket",
                "account",
                PLAIN,
                "outcome",
                "answered",
                "le",
                "30.0")
            >= 2,
        "the forward latency is a histogram with buckets: " + after.text());
    assertTrue(
        increase(before, after, "bridge_inbox_commits_total") >= 1,
        "the two new pushes were committed to the inbox before they were forwarded: "
            + after.text().lines().filter(l -> l.contains("commits")).toList());
    for (String message : new String[] {replied, unanswered}) {
      assertFalse(
          after.text().contains(WeChatMessages.sender(message)), "no follower in any label");
    }
  }

  /**
   * The bridge's pools, each with its bound: an account's Udesk forwards (its own pool, made with
   * its first push), the pool that answers WeChat once a push's deadline passed, and that
   * deadline's one timer thread.
   */
  @Test
  void showsEachPoolsThreadsAgainstItsBound() {
    SimulatedWeChat.push(
        WeChatAccount.PLAIN,
        PushMode.PLAINTEXT,
        WeChatMessages.of(WeChatMessages.TEXT, FakeUdesk.MARK_REPLY + " pools"));

    Scrape scrape = Scrape.now();
    String forwards = "udesk-forward";
    assertEquals(
        64,
        scrape.value("bridge_executor_pool_max_threads", "account", PLAIN, "name", forwards),
        "bridge.udesk.max-concurrent-forwards' default: "
            + scrape.text().lines().filter(line -> line.contains("bridge_executor")).toList());
    assertTrue(
        scrape.value("bridge_executor_pool_size_threads", "account", PLAIN, "name", forwards) >= 1,
        "the push went out on one of its threads");
    assertEquals(
        32,
        scrape.value("bridge_executor_pool_max_threads", "name", "push-completion"),
        "bridge.push.completion-threads' default");
    assertEquals(1, scrape.value("bridge_executor_pool_max_threads", "name", "push-deadline"));
    assertEquals(
        256,
        scrape.value("bridge_udesk_forward_threads_shared_max"),
        "bridge.udesk.shared-forward-threads' default");
  }

  @Test
  void countsRelayedCallsByOperationAndOutcome() {
    Scrape before = Scrape.now();

    assertEquals(200, relay("POST", "/udesk/" + RELAY, "touser=o1&msgtype=text&text[content]=m1"));
    TestBridge.wechat().failNextWith(RELAY, FakeWeChatApi.CUSTOM_SEND, 45015);
    assertEquals(200, relay("POST", "/udesk/" + RELAY, "touser=o1&msgtype=text&text[content]=m2"));
    assertEquals(400, relay("GET", "/udesk/" + RELAY + "?openid=", null), "no openid: refused");

    Scrape after = Scrape.now();
    assertEquals(
        1, increase(before, after, "bridge_udesk_calls_seconds_count", call("send_message", "ok")));
    assertEquals(
        1,
        increase(
            before,
            after,
            "bridge_udesk_calls_seconds_count",
            call("send_message", "wechat_error")));
    assertEquals(
        1,
        increase(before, after, "bridge_udesk_calls_seconds_count", call("user_info", "failed")));
    assertTrue(
        increase(before, after, "bridge_udesk_calls_seconds_sum", call("send_message", "ok")) > 0,
        "the call's duration is in the histogram");
    assertEquals(
        1,
        increase(
            before, after, "bridge_wechat_errcodes_total", "account", RELAY, "errcode", "45015"),
        "WeChat's errcode, by code");
    assertTrue(
        after.value("bridge_token_fetches_total", "account", RELAY, "outcome", "ok") >= 1,
        "the account's token was fetched (once, or more by other checks)");
  }

  @Test
  void everyAnswerCarriesItsRequestIdAndTheLogLinesHaveIt() throws Exception {
    SimulatedWeChat.Sent push =
        SimulatedWeChat.push(
            WeChatAccount.PLAIN,
            PushMode.PLAINTEXT,
            WeChatMessages.of(WeChatMessages.TEXT, "metrics-id"));
    String pushId = push.response().headers().firstValue("X-Request-Id").orElse("");
    HttpResponse<String> refused = TestBridge.get("/admin/metrics");
    String refusalId = refused.headers().firstValue("X-Request-Id").orElse("");

    assertTrue(REQUEST_ID.matcher(pushId).matches(), "a push's answer has its id: " + pushId);
    assertTrue(REQUEST_ID.matcher(refusalId).matches(), "so has a refusal: " + refusalId);
    String pushLine = logLineWith("request " + pushId);
    assertTrue(
        pushLine.contains(PLAIN + ": text MsgId=")
            && pushLine.contains("forwarded, answered in ")
            && pushLine.contains(" ms; WeChat gets "),
        "one line per push: account, what, outcome, duration: " + pushLine);
    assertTrue(
        logLineWith("request " + refusalId).contains("401 admin/metrics"),
        "the refusal's line has the id too");
  }

  @Test
  void onlyAdministratorsReadTheMetrics() {
    for (String[] headers :
        new String[][] {
          {},
          {"Authorization", "Bearer wrong-key"},
          {"Authorization", "Basic " + TestBridge.ADMIN_KEY},
          {"X-Forwarded-For", "203.0.113.7"}
        }) {
      HttpResponse<String> refused = TestBridge.get("/admin/metrics", headers);
      assertEquals(401, refused.statusCode(), String.join(" ", headers) + refused.body());
      assertFalse(refused.body().contains("bridge_"), "no metric in a refusal: " + refused.body());
    }
    HttpResponse<String> byAddress =
        TestBridge.get("/admin/metrics", "X-Forwarded-For", "10.9.1.1");
    assertEquals(200, byAddress.statusCode(), "bridge.admin.allowed-ips, as for /admin/status");
    List<String> type =
        Arrays.stream(byAddress.headers().firstValue("Content-Type").orElse("").split(";"))
            .map(String::strip)
            .toList();
    assertTrue(
        type.get(0).equals("text/plain") && type.contains("version=0.0.4"),
        "Prometheus's text format: " + type);
    assertTrue(
        byAddress.body().contains("# TYPE bridge_inbox_backlog gauge"),
        "the inbox gauges are there: " + byAddress.body());
  }

  private static String[] pushLabels(String outcome) {
    return new String[] {"account", PLAIN, "mode", "plaintext", "type", "text", "outcome", outcome};
  }

  private static String[] call(String operation, String outcome) {
    return new String[] {"account", RELAY, "operation", operation, "outcome", outcome};
  }

  private static double increase(Scrape before, Scrape after, String name, String... labels) {
    return after.value(name, labels) - before.value(name, labels);
  }

  private static int relay(String method, String path, String form) {
    HttpRequest.Builder request = HttpRequest.newBuilder(TestBridge.url(path));
    if (form == null) {
      request.GET();
    } else {
      request
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8));
    }
    try {
      return TestBridge.http()
          .send(
              request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString())
          .statusCode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The server log's line containing {@code text}, waiting a little for the log to be written. */
  private static String logLineWith(String text) throws InterruptedException {
    for (int i = 0; i < 50; i++) {
      String line =
          TestBridge.serverLog().lines().filter(l -> l.contains(text)).findFirst().orElse(null);
      if (line != null) {
        return line;
      }
      Thread.sleep(100);
    }
    return "(no line with " + text + ")";
  }
}
