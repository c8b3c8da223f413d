package io.wxbridge.videorecall;

import static io.wxbridge.videorecall.VideoRecallClient.API_KEY;
import static io.wxbridge.videorecall.VideoRecallClient.NOT_SET_UP;
import static io.wxbridge.videorecall.VideoRecallClient.SET_UP;
import static io.wxbridge.videorecall.VideoRecallClient.assertAnswered;
import static io.wxbridge.videorecall.VideoRecallClient.post;
import static io.wxbridge.videorecall.VideoRecallClient.request;
import static io.wxbridge.videorecall.VideoRecallClient.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.metrics.Scrape;
import io.wxbridge.testing.FakeUdeskVideoApi;
import io.wxbridge.testing.FakeWeChatApi;
import io.wxbridge.testing.TestBridge;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every way a video-recall call can go wrong ends in a clear WeChat-shaped JSON error, with nothing
 * sent where nothing should be (run by BridgeIT).
 */
public abstract class VideoRecallErrorChecks {

  private static String openid(String marker) {
    return "oVideo_" + marker + "_" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static void assertError(
      VideoRecallClient.Answer answer, int status, int errcode, String words) {
    assertEquals(status, answer.status(), answer.body());
    JsonObject json = answer.json();
    assertEquals(errcode, json.getInt("errcode"), answer.body());
    assertTrue(
        json.getString("errmsg").contains(words),
        "the errmsg says what is wrong: " + answer.body());
    assertFalse(
        answer.body().contains("Exception") || answer.body().contains("at io."), "no stack trace");
  }

  @Test
  void aMissingMalformedOrWrongBearerKeyIs401AndUdeskIsNeverCalled() throws Exception {
    int udeskCalls = TestBridge.udeskVideo().qrCodeRequests().size();
    String body = "{\"openid\":\"" + openid("nokey") + "\"}";

    assertError(send(request(SET_UP, body)), 401, 40001, "missing Authorization");
    assertError(
        send(request(SET_UP, body).header("Authorization", "Bearer wrong-key")),
        401,
        40001,
        "wrong");
    assertError(
        send(request(SET_UP, body).header("Authorization", "Basic " + API_KEY)),
        401,
        40001,
        "Bearer");
    assertError(
        send(request(SET_UP, body).header("Authorization", "Bearer " + API_KEY + "x")),
        401,
        40001,
        "wrong");
    assertError(
        send(request("wxnosuchaccount01", body).header("Authorization", "Bearer nope")),
        401,
        40001,
        "wrong");

    assertEquals(udeskCalls, TestBridge.udeskVideo().qrCodeRequests().size());
  }

  @Test
  void aCallerOutsideTheAllowedNetworksIsRefusedBeforeTheKeyIsLookedAt() throws Exception {
    VideoRecallClient.Answer answer =
        send(
            request(SET_UP, "{\"openid\":\"" + openid("far") + "\"}")
                .header("Authorization", "Bearer " + API_KEY)
                .header("X-Forwarded-For", "203.0.113.7"));
    assertError(answer, 403, 40164, "203.0.113.7");
  }

  @Test
  void badBodiesAreNamed() throws Exception {
    assertError(post(SET_UP, "{\"openid\":"), 400, 47001, "not one valid JSON value");
    assertError(post(SET_UP, "openid=o1"), 400, 47001, "not one valid JSON value");
    // was a 500 with a thousand-line stack trace from the JSON parser's own limit
    assertError(post(SET_UP, "[".repeat(1_000)), 400, 47001, "nested deeper than");
    assertError(
        post(SET_UP, "{\"openid\":\"bad id!\",\"openid\":\"oGood1\"}"),
        400,
        47001,
        "a key is given twice");
    assertError(post(SET_UP, "[]"), 400, 47001, "JSON object");
    assertError(post(SET_UP, ""), 400, 44002, "empty body");
    assertError(post(SET_UP, "{\"callTimes\":2}"), 400, 40003, "openid is missing");
    assertError(post(SET_UP, "{\"openid\":\"o<script>\"}"), 400, 40003, "openid must be");
    assertError(post(SET_UP, "{\"openid\":\"o1\",\"callTimes\":0}"), 400, 47001, "callTimes");
    assertError(post(SET_UP, "{\"openid\":\"o1\",\"send\":\"yes\"}"), 400, 47001, "send");
  }

  @Test
  void unknownAccountsAndAccountsWithoutVideoSettingsAreNamed() throws Exception {
    String body = "{\"openid\":\"" + openid("acct") + "\"}";
    assertError(post("wxnosuchaccount01", body), 404, 40013, "no account");
    assertError(post("not_an_appid", body), 404, 40013, "no account");
    assertError(
        post(NOT_SET_UP, body), 503, 48001, "bridge.account." + NOT_SET_UP + ".video-sdk-app-id");
  }

  @Test
  void udesksRefusalIsPassedOnWithItsCodeAndMessage() throws Exception {
    assertError(post(SET_UP, "{\"openid\":\"" + openid("refused") + "\"}"), 502, 3001, "该用户没有视频权限");
  }

  @Test
  void udeskRefusingOurSignatureIsAClearError() throws Exception {
    TestBridge.udeskVideo().expectSecret("a-rotated-secret");
    try {
      assertError(
          post(SET_UP, "{\"openid\":\"" + openid("badsig") + "\"}"), 502, 4002, "token invalid");
    } finally {
      TestBridge.udeskVideo().restoreSecret();
    }
  }

  @Test
  void aSlowUdeskIsA504AndTheRequestIsNotRepeated() throws Exception {
    String openid = openid("slow");
    long start = System.nanoTime();

    VideoRecallClient.Answer answer = post(SET_UP, "{\"openid\":\"" + openid + "\"}");

    long millis = (System.nanoTime() - start) / 1_000_000;
    assertError(answer, 504, -1, "no answer from Udesk");
    assertTrue(
        millis < FakeUdeskVideoApi.SLOW_MILLIS,
        "gave up after the read timeout, not Udesk's answer: " + millis);
    assertEquals(
        1,
        TestBridge.udeskVideo().qrCodeRequests().stream()
            .filter(r -> r.bodyText().contains(openid))
            .count(),
        "a request that may have reached Udesk is not retried");
  }

  @Test
  void aRefusedConnectionIsRetriedTwiceThenReportedAndTheNextCallWorksAgain() throws Exception {
    String openid = openid("refusedconn");
    double refused = notConnectedSoFar();
    TestBridge.udeskVideoSwitch().off();
    VideoRecallClient.Answer answer;
    try {
      answer = post(SET_UP, "{\"openid\":\"" + openid + "\"}");
    } finally {
      TestBridge.udeskVideoSwitch().on();
    }

    assertError(answer, 502, -1, "unreachable");
    assertEquals(
        refused + 3,
        notConnectedSoFar(),
        "the first attempt and two retries (MP Fault Tolerance), counted by the bridge's metrics");
    assertEquals(
        0,
        TestBridge.udeskVideo().qrCodeRequests().stream()
            .filter(r -> r.bodyText().contains(openid))
            .count());
    assertAnswered(post(SET_UP, "{\"openid\":\"" + openid("back") + "\"}"));
  }

  /** Attempts at Udesk's video API that found no connection, as GET /admin/metrics counts them. */
  private static double notConnectedSoFar() {
    return Scrape.now().value("bridge_udesk_video_attempts_total", "outcome", "not_connected");
  }

  @Test
  void malformedUdeskAnswersAreClearErrors() throws Exception {
    assertError(post(SET_UP, "{\"openid\":\"" + openid("malformed") + "\"}"), 502, -1, "malformed");
    assertError(post(SET_UP, "{\"openid\":\"" + openid("nourl") + "\"}"), 502, -1, "qrCodeUrl");
    assertError(post(SET_UP, "{\"openid\":\"" + openid("http500") + "\"}"), 502, -1, "HTTP 500");
  }

  @Test
  void anImageThatIsTooBigNotAnImageOrTooSlowIsNeitherUploadedNorSent() throws Exception {
    int uploads = TestBridge.wechat().received(SET_UP, FakeWeChatApi.MEDIA_UPLOAD).size();
    notSentBesideTheQrCode(
        post(SET_UP, "{\"openid\":\"" + openid("bigimage") + "\",\"send\":true}"),
        "larger than 262144 bytes");
    notSentBesideTheQrCode(
        post(SET_UP, "{\"openid\":\"" + openid("notimage") + "\",\"send\":true}"),
        "not a PNG, JPEG or GIF");
    notSentBesideTheQrCode(
        post(SET_UP, "{\"openid\":\"" + openid("slowimage") + "\",\"send\":true}"),
        "within 1500 ms");
    assertEquals(uploads, TestBridge.wechat().received(SET_UP, FakeWeChatApi.MEDIA_UPLOAD).size());
  }

  /**
   * Udesk issued the QR code before the image failed: the caller gets it, with the failure's
   * errcode and what went wrong, rather than an error that made it ask for another QR code.
   */
  private static void notSentBesideTheQrCode(VideoRecallClient.Answer answer, String words) {
    assertEquals(200, answer.status(), answer.body());
    JsonObject json = answer.json();
    assertEquals(-1, json.getInt("errcode"), answer.body());
    assertTrue(json.getString("errmsg").contains(words), "says what is wrong: " + answer.body());
    assertTrue(json.getString("errmsg").contains("nothing was sent"), answer.body());
    assertEquals(1000, json.getJsonObject("qrcode").getInt("code"), answer.body());
    assertFalse(json.containsKey("upload") || json.containsKey("send"), answer.body());
    assertFalse(
        answer.body().contains("Exception") || answer.body().contains("at io."), "no stack trace");
  }

  @Test
  void otherMethodsAreRefusedInJson() throws Exception {
    VideoRecallClient.Answer answer =
        send(
            HttpRequest.newBuilder(TestBridge.url("/video-recall/" + SET_UP + "/qrcode"))
                .header("Authorization", "Bearer " + API_KEY)
                .GET());
    assertEquals(405, answer.status(), answer.body());
    assertEquals(43002, answer.json().getInt("errcode"), "WeChat's errcode: " + answer.body());
    // JAX-RS's own answer to OPTIONS was a 200 "POST, OPTIONS" in plain text (the hostile probe)
    VideoRecallClient.Answer options =
        send(
            HttpRequest.newBuilder(TestBridge.url("/video-recall/" + SET_UP + "/qrcode"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertEquals(405, options.status(), options.body());
    assertEquals(43002, options.json().getInt("errcode"), "WeChat's errcode: " + options.body());
  }

  @Test
  void theUdeskSecretAndTheApiKeyNeverReachTheLog() throws Exception {
    post(SET_UP, "{\"openid\":\"" + openid("log") + "\",\"send\":true}");
    send(request(SET_UP, "{}").header("Authorization", "Bearer " + API_KEY + "-wrong"));
    String log = TestBridge.serverLog();
    assertTrue(log.contains("Video recall"), "the start-up report is there");
    assertTrue(
        log.contains("bridge.account." + NOT_SET_UP + ".video-sdk-app-id"),
        "names what is missing");
    assertFalse(log.contains(FakeUdeskVideoApi.SECRET), "the Udesk secret is not logged");
    assertFalse(log.contains(API_KEY), "the api-key is not logged");
  }
}
