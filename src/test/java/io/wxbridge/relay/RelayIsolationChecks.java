package io.wxbridge.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.push.PushMode;
import io.wxbridge.push.SimulatedWeChat;
import io.wxbridge.push.WeChatAccount;
import io.wxbridge.push.WeChatMessages;
import io.wxbridge.testing.FakeWeChatApi;
import io.wxbridge.testing.TestBridge;
import io.wxbridge.wechatapi.WeChatCalls;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A hanging WeChat API holds the relayed calls that wait on it, never the pushes: relayed calls
 * beyond the relay's capacity (64) are refused at once with errcode -1, and pushes keep their
 * latency meanwhile (run by BridgeIT). The benchmark's "WeChat API hanging" scenario shows the same
 * with more relayed calls than Payara has request threads.
 */
public abstract class RelayIsolationChecks {
  private static final Logger FIGURES = Logger.getLogger("relay.figures");
  private static final String APP = WeChatAccount.ISOLATION.appId();
  private static final int RELAYED = 120;
  private static final int CAPACITY = 64;
  private static final long WECHAT_HANGS_MILLIS = 4000;

  /** The admitted calls reach WeChat within this, while it still holds the first of them. */
  private static final long AT_WECHAT_WITHIN_MILLIS = WECHAT_HANGS_MILLIS - 500;

  @Test
  void aHangingWeChatApiDelaysNoPushAndExcessRelayedCallsAreRefusedAtOnce() throws Exception {
    // HTTP/1.1, as Udesk's calls arrive: as 120 concurrent streams on one h2c connection, most of
    // them ended in GOAWAY on Payara (its HTTP/2 lost its output queue; docs/relay.md, "HTTP/2")
    WeChatCalls calls =
        new WeChatCalls(
            APP,
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build());
    FakeWeChatApi wechat = TestBridge.wechat();
    assertEquals(
        200, calls.userInfo("o-iso-warm").statusCode(), "a token is fetched before the test");
    int before = wechat.received(APP, FakeWeChatApi.USER_INFO).size();
    for (int i = 0; i < RELAYED; i++) {
      wechat.delayNext(APP, FakeWeChatApi.USER_INFO, WECHAT_HANGS_MILLIS);
    }
    ExecutorService pool = Executors.newFixedThreadPool(RELAYED + 10);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<HttpResponse<String>>> relayed = new ArrayList<>();
      for (int i = 0; i < RELAYED; i++) {
        String openid = "o-iso-" + i;
        relayed.add(
            pool.submit(
                () -> {
                  start.await();
                  return calls.userInfo(openid);
                }));
      }
      start.countDown();
      int atWeChat = awaitAtWeChat(wechat, before + CAPACITY) - before;
      assertEquals(
          CAPACITY,
          atWeChat,
          "every call the relay admitted waits on WeChat at once, each on a connection of its own"
              + " (no connection pool of the REST client's holds some back); the relayed calls"
              + " that have ended (a call still held by an earlier check takes a permit): "
              + endings(relayed));
      // the calls beyond the capacity are refused at once; their answers may still be on the way
      // when the admitted ones are all at WeChat (counted below as still waiting: 65 of 64, once)
      awaitEnded(relayed, RELAYED - CAPACITY);

      List<Future<SimulatedWeChat.Sent>> pushes = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        String message = WeChatMessages.of(WeChatMessages.TEXT, "isolation " + i);
        pushes.add(
            pool.submit(
                () -> SimulatedWeChat.push(WeChatAccount.PLAIN, PushMode.PLAINTEXT, message)));
      }
      long slowest = 0;
      for (Future<SimulatedWeChat.Sent> push : pushes) {
        SimulatedWeChat.Sent sent = push.get();
        assertEquals(200, sent.status(), "a push is answered while WeChat hangs");
        slowest = Math.max(slowest, sent.elapsed().toMillis());
      }
      long waiting = relayed.stream().filter(call -> !call.isDone()).count();
      long slowestPush = slowest;
      FIGURES.info(
          () ->
              "slowest of 10 pushes while "
                  + RELAYED
                  + " relayed calls wait on a hanging WeChat: "
                  + slowestPush
                  + " ms; relayed calls still waiting then: "
                  + waiting);
      assertTrue(
          waiting <= CAPACITY,
          "at most "
              + CAPACITY
              + " relayed calls wait on WeChat at once, but "
              + waiting
              + "; the others ended: "
              + endings(relayed));
      assertTrue(
          waiting > 0,
          "every push was answered while relayed calls still waited on WeChat (pushes never queue"
              + " behind them); slowest push "
              + slowest
              + " ms; how the relayed calls had ended: "
              + endings(relayed));

      int admitted = 0;
      int refused = 0;
      for (Future<HttpResponse<String>> answer : relayed) {
        HttpResponse<String> response = answer.get();
        if (response.statusCode() == 503) {
          assertEquals(
              -1,
              WeChatCalls.json(response).getInt("errcode"),
              "a refusal is WeChat's system-busy");
          refused++;
        } else {
          // 200, or 504 when the machine is so loaded that WeChat's delayed answer came after the
          // read timeout:
          // either way the call was admitted and waited on WeChat
          assertTrue(
              response.statusCode() == 200 || response.statusCode() == 504,
              "admitted: " + response.statusCode() + " " + response.body());
          admitted++;
        }
      }
      assertEquals(RELAYED, admitted + refused, "every relayed call got an answer");
      assertTrue(
          refused > 0,
          "calls beyond the capacity are refused at once, got " + refused + " refusals");
    } finally {
      pool.shutdownNow();
      wechat.reset(APP);
      awaitFreeCapacity(calls);
    }
  }

  /**
   * How many user-info calls WeChat has received once {@code expected} are in, or {@value
   * #AT_WECHAT_WITHIN_MILLIS} ms have passed (within the {@value #WECHAT_HANGS_MILLIS} ms WeChat
   * holds each, so none has ended by then).
   */
  private static int awaitAtWeChat(FakeWeChatApi wechat, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(AT_WECHAT_WITHIN_MILLIS);
    int received;
    while ((received = wechat.received(APP, FakeWeChatApi.USER_INFO).size()) < expected
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return received;
  }

  /**
   * Until {@code count} of the calls have ended, or {@value #AT_WECHAT_WITHIN_MILLIS} ms have
   * passed.
   */
  private static void awaitEnded(List<Future<HttpResponse<String>>> calls, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(AT_WECHAT_WITHIN_MILLIS);
    while (calls.stream().filter(Future::isDone).count() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  /** Each finished call's status (or the client's exception), counted: what a failure reports. */
  private static Map<String, Integer> endings(List<Future<HttpResponse<String>>> relayed) {
    Map<String, Integer> endings = new TreeMap<>();
    for (Future<HttpResponse<String>> call : relayed) {
      if (call.isDone()) {
        endings.merge(ending(call), 1, Integer::sum);
      }
    }
    return endings;
  }

  private static String ending(Future<HttpResponse<String>> call) {
    try {
      HttpResponse<String> response = call.get();
      // a user's information differs per call; the status says enough then
      return response.statusCode() == 200 ? "200" : response.statusCode() + " " + response.body();
    } catch (ExecutionException failed) {
      return String.valueOf(failed.getCause());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /**
   * Calls the bridge admitted stay on WeChat after this check ends, whatever ended it (the client
   * may have given up on them). Waiting until a call is admitted again keeps them from taking the
   * relay's capacity from the next check.
   */
  private static void awaitFreeCapacity(WeChatCalls calls) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WECHAT_HANGS_MILLIS * 3);
    try {
      while (calls.userInfo("o-iso-after").statusCode() == 503) {
        if (System.nanoTime() > deadline) {
          FIGURES.warning(
              "the relay still refuses calls "
                  + WECHAT_HANGS_MILLIS * 3
                  + " ms after this check; the next may fail");
          return;
        }
        Thread.sleep(200);
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    } catch (Exception probeFailed) {
      // never in place of the check's own failure, which is what a reader needs
      FIGURES.warning("the relay's capacity could not be probed after this check: " + probeFailed);
    }
  }
}
