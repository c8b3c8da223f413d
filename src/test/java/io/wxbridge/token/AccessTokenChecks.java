package io.wxbridge.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.testing.FakeWeChatApi;
import io.wxbridge.testing.FakeWeChatTokens.IssuedToken;
import io.wxbridge.testing.RecordedRequest;
import io.wxbridge.testing.TestBridge;
import io.wxbridge.wechatapi.WeChatCalls;
import jakarta.json.JsonObject;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The access token as WeChat sees it: fetched once and reused, replaced by the timer before it
 * expires, recovered once for 50 concurrent callers, fetched in each token mode, and a refused
 * fetch passed on without a fetch loop (run by BridgeIT).
 */
public abstract class AccessTokenChecks {
  private static final Logger LOG = Logger.getLogger(AccessTokenChecks.class.getName());
  private final FakeWeChatApi wechat = TestBridge.wechat();

  @Test
  void oneStableTokenServesManyCallsAndIsNeverShown() throws Exception {
    String app = "wxtokencache00001";
    WeChatCalls calls = new WeChatCalls(app);
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> info = calls.userInfo("o-cache-" + i);
      assertEquals(200, info.statusCode(), info.body());
      assertEquals(1, WeChatCalls.json(info).getInt("subscribe"), info.body());
      assertFalse(info.body().contains("FAKE_TOKEN"), "no token in an answer");
    }
    assertEquals(1, wechat.tokenFetches(app), "one token fetch for ten calls");
    Set<String> used =
        wechat.received(app, FakeWeChatApi.USER_INFO).stream()
            .map(r -> queryValue(r, "access_token"))
            .collect(Collectors.toSet());
    assertEquals(
        Set.of(wechat.issued(app).get(0).value()), used, "every call carried the one token");

    RecordedRequest fetch = wechat.received(app, FakeWeChatApi.STABLE_TOKEN).get(0);
    assertEquals("POST", fetch.method());
    JsonObject request = WeChatCalls.json(fetch.bodyText());
    assertEquals("client_credential", request.getString("grant_type"));
    assertEquals(app, request.getString("appid"));
    assertEquals("wxtoken-secret-cache00001", request.getString("secret"));
    assertFalse(
        request.getBoolean("force_refresh"), "stable_token is never force-refreshed by the bridge");
  }

  @Test
  void theTimerReplacesTheTokenBeforeItExpires() throws Exception {
    String app = "wxtokentimer00001";
    wechat.expiresIn(app, 4);
    WeChatCalls calls = new WeChatCalls(app);
    assertEquals(200, calls.userInfo("o-timer").statusCode());
    IssuedToken first = wechat.issued(app).get(0);

    Instant deadline = first.expiresAt();
    while (wechat.issued(app).size() < 2 && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
    assertTrue(
        wechat.issued(app).size() >= 2,
        "a second token was fetched without any request asking for it");
    IssuedToken second = wechat.issued(app).get(1);
    assertTrue(
        second.issuedAt().isBefore(first.expiresAt()),
        "the successor came before the first token expired");
    LOG.info(
        () ->
            "timer refresh: successor fetched "
                + Duration.between(second.issuedAt(), first.expiresAt()).toMillis()
                + " ms before expiry (expires_in 4 s)");

    Instant until = Instant.now().plusSeconds(6);
    int calls6s = 0;
    while (Instant.now().isBefore(until)) {
      HttpResponse<String> info = calls.userInfo("o-timer");
      assertEquals(1, WeChatCalls.json(info).getInt("subscribe"), info.body());
      calls6s++;
      Thread.sleep(200);
    }
    assertEquals(
        List.of(),
        wechat.tokenRejections(app),
        "no call ever went out with an expired or replaced token");
    assertTrue(wechat.tokenFetches(app) >= 4, "the timer kept replacing the 4-second tokens");
    int fetches = wechat.tokenFetches(app);
    LOG.info(
        () ->
            "timer refresh: "
                + fetches
                + " token fetches over ~10 s of 4-second tokens, 0 rejected tokens");
    assertTrue(
        calls6s > 10,
        "the calls kept going for 6 s (more than 10 calls) across the token replacements");
  }

  @Test
  void fiftyConcurrentCallsWithARejectedTokenCauseOneFetch() throws Exception {
    String app = "wxtokenconc000001";
    WeChatCalls calls = new WeChatCalls(app);
    assertEquals(200, calls.userInfo("o-warm").statusCode());
    int before = wechat.tokenFetches(app);
    wechat.invalidateTokens(app);
    for (int i = 0; i < 50; i++) {
      wechat.delayNext(
          app,
          FakeWeChatApi.USER_INFO,
          1500); // all 50 are sent with the old token before any answer
    }

    ExecutorService pool = Executors.newFixedThreadPool(50);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        String openid = "o-conc-" + i;
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return calls.userInfo(openid);
                }));
      }
      start.countDown();
      for (Future<HttpResponse<String>> answer : answers) {
        HttpResponse<String> info = answer.get();
        assertEquals(200, info.statusCode(), info.body());
        assertEquals(1, WeChatCalls.json(info).getInt("subscribe"), info.body());
      }
    } finally {
      pool.shutdownNow();
    }
    int rejected = wechat.tokenRejections(app).size();
    assertEquals(50, rejected, "all 50 calls met the rejected token");
    assertEquals(
        1, wechat.tokenFetches(app) - before, "one fetch for all " + rejected + " rejected calls");
    LOG.info(() -> "50 concurrent calls: " + rejected + " answered 40001, token fetches: 1");
  }

  @Test
  void classicModeUsesGetToken() throws Exception {
    String app = "wxtokenclassic001";
    assertEquals(200, new WeChatCalls(app).userInfo("o-classic").statusCode());
    assertEquals(List.of(), wechat.received(app, FakeWeChatApi.STABLE_TOKEN));
    RecordedRequest fetch = wechat.received(app, FakeWeChatApi.TOKEN).get(0);
    assertEquals("GET", fetch.method());
    assertEquals("client_credential", queryValue(fetch, "grant_type"));
    assertEquals(app, queryValue(fetch, "appid"));
    assertEquals("wxtoken-secret-classic001", queryValue(fetch, "secret"));
  }

  @Test
  void externalModeAsksTheTokenServer() throws Exception {
    String app = "wxtokenext0000001";
    assertEquals(200, new WeChatCalls(app).userInfo("o-external").statusCode());
    assertEquals(1, wechat.received(app, FakeWeChatApi.EXTERNAL_TOKEN).size());
    assertEquals(List.of(), wechat.received(app, FakeWeChatApi.STABLE_TOKEN));
    assertEquals(List.of(), wechat.received(app, FakeWeChatApi.TOKEN));
    assertEquals(
        wechat.issued(app).get(0).value(),
        queryValue(wechat.received(app, FakeWeChatApi.USER_INFO).get(0), "access_token"));
  }

  @Test
  void aTokenAnswerThatGoesOnAndOnIsRefusedNotRead() throws Exception {
    String app = "wxtokenhuge000001";
    wechat.answerNextEndlessly(app, FakeWeChatApi.EXTERNAL_TOKEN);
    HttpResponse<String> refused = new WeChatCalls(app).userInfo("o-huge");
    assertEquals(502, refused.statusCode(), refused.body());
    JsonObject error = WeChatCalls.json(refused);
    assertEquals(-1, error.getInt("errcode"), refused.body());
    assertTrue(
        error.getString("errmsg").contains("answered HTTP 200 with more than 64 KiB"),
        "read no further than a token answer can be: " + refused.body());
    assertEquals(
        List.of(), wechat.received(app, FakeWeChatApi.USER_INFO), "nothing asked without a token");
  }

  @Test
  void aRefusedTokenFetchIsPassedOnWithoutALoopAndNamesTheIpToWhitelist() throws Exception {
    String app = "wxtokenip00000001";
    wechat.refuseTokens(app, 40164);
    WeChatCalls calls = new WeChatCalls(app);
    List<String> requests = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> refused = calls.sendText("o-ip", "hello");
      requests.add(refused.headers().firstValue("X-Request-Id").orElse("(none)"));
      assertEquals(502, refused.statusCode(), refused.body());
      JsonObject error = WeChatCalls.json(refused);
      assertEquals(40164, error.getInt("errcode"));
      assertTrue(
          error.getString("errmsg").contains("IP whitelist"),
          "the refusal tells the caller to check the IP whitelist: " + refused.body());
    }
    assertEquals(1, wechat.tokenFetches(app), "five calls, one refused fetch: no fetch loop");
    assertEquals(
        List.of(), wechat.received(app, FakeWeChatApi.CUSTOM_SEND), "nothing sent without a token");
    String line =
        TestBridge.serverLog()
            .lines()
            .filter(l -> l.contains(app + ": WeChat refused the access_token request with 40164"))
            .findFirst()
            .orElse("(none)");
    assertTrue(
        line.contains("Add 127.0.0.1 to the IP whitelist of " + app),
        "the log names the IP to whitelist: " + line);
    assertTrue(
        line.contains(", request " + requests.get(0) + ";"),
        "the refusal names the request whose fetch WeChat refused, "
            + requests.get(0)
            + ": "
            + line);

    HttpResponse<String> status = TestBridge.adminStatus();
    assertTrue(status.body().contains("refused with 40164"), status.body());
  }

  @Test
  void aTokenThatExpiresAsIssuedIsNeverSentNorFetchedEverySecond() throws Exception {
    String app = "wxtokenzero000001";
    wechat.expiresIn(app, 0);
    HttpResponse<String> first = new WeChatCalls(app).userInfo("o-zero");
    assertEquals(502, first.statusCode(), first.body());
    assertEquals(-1, WeChatCalls.json(first).getInt("errcode"), first.body());
    Thread.sleep(7000);
    assertEquals(
        List.of(), wechat.received(app, FakeWeChatApi.USER_INFO), "no call with an expired token");
    int fetches = wechat.tokenFetches(app);
    // backed off 2, then 4 s: 3 fetches in 7 s (the timer's every second would have made 8)
    assertTrue(fetches >= 2 && fetches <= 4, fetches + " token fetches in 7 s");
  }

  @Test
  void anAccountWithoutAppSecretIsToldSo() throws Exception {
    String app = "wxtokennosecret01";
    HttpResponse<String> missing = new WeChatCalls(app).userInfo("o-nosecret");
    assertEquals(503, missing.statusCode(), missing.body());
    assertEquals(41004, WeChatCalls.json(missing).getInt("errcode"));
    assertEquals(0, wechat.tokenFetches(app));
  }

  @Test
  void adminStatusShowsEachHeldTokenByAgeAndExpiryButNeverTheToken() throws Exception {
    String app = "wxtokencache00001";
    new WeChatCalls(app).userInfo("o-health");
    HttpResponse<String> health = TestBridge.adminStatus();
    assertEquals(200, health.statusCode(), health.body());
    assertTrue(health.body().contains("\"tokens\""), health.body());
    assertTrue(
        health
            .body()
            .matches("(?s).*\"" + app + "\":\"stable, held, age \\d+ s, expires in \\d+ s\".*"),
        "readiness shows the held token's age and expiry: " + health.body());
    assertFalse(
        health.body().contains("FAKE_TOKEN"), "readiness never shows the token: " + health.body());
  }

  private static String queryValue(RecordedRequest request, String name) {
    for (String pair : request.query().split("&")) {
      if (pair.startsWith(name + "=")) {
        return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
