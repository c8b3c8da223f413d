package io.wxbridge.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The fake WeChat API answers as WeChat does, so the integration tests can trust it. */
class FakeWeChatApiTest {
  private static final FakeWeChatApi WECHAT = new FakeWeChatApi();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @AfterAll
  static void stop() {
    WECHAT.close();
  }

  @Test
  void stableTokenIsTheSameUntilItsOverlapAndWorksOnTheApi() throws Exception {
    String app = "wxtokenfake000001";
    JsonObject first = stable(app);
    JsonObject second = stable(app);
    assertEquals(first.getString("access_token"), second.getString("access_token"));
    assertEquals(7200, first.getInt("expires_in"));
    assertEquals(2, WECHAT.tokenFetches(app));

    JsonObject sent =
        send(
            first.getString("access_token"),
            "{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"hi\"}}");
    assertEquals(0, sent.getInt("errcode"));
    assertEquals(1, WECHAT.received(app, FakeWeChatApi.CUSTOM_SEND).size());
  }

  @Test
  void classicTokenRotatesOnEveryFetch() throws Exception {
    String app = "wxtokenfake000002";
    String one =
        get(FakeWeChatApi.TOKEN + "?grant_type=client_credential&appid=" + app + "&secret=s")
            .getString("access_token");
    String two =
        get(FakeWeChatApi.TOKEN + "?grant_type=client_credential&appid=" + app + "&secret=s")
            .getString("access_token");
    assertNotEquals(one, two);
  }

  @Test
  void rejectsMissingUnknownInvalidatedAndExpiredTokens() throws Exception {
    String app = "wxtokenfake000003";
    assertEquals(41001, get(FakeWeChatApi.TEMPLATES).getInt("errcode"));
    assertEquals(40001, get(FakeWeChatApi.TEMPLATES + "?access_token=nonsense").getInt("errcode"));
    String token = stable(app).getString("access_token");
    assertTrue(
        get(FakeWeChatApi.TEMPLATES + "?access_token=" + token).containsKey("template_list"),
        "a freshly issued stable token is accepted");
    WECHAT.invalidateTokens(app);
    assertEquals(40001, get(FakeWeChatApi.TEMPLATES + "?access_token=" + token).getInt("errcode"));

    WECHAT.expiresIn(app, 1);
    String shortLived = stable(app).getString("access_token");
    Thread.sleep(1100);
    assertEquals(
        42001, get(FakeWeChatApi.TEMPLATES + "?access_token=" + shortLived).getInt("errcode"));
  }

  @Test
  void failsOnceOnDemandAndRefusesTokensForAnAccount() throws Exception {
    String app = "wxtokenfake000004";
    String token = stable(app).getString("access_token");
    WECHAT.failNextWith(app, FakeWeChatApi.USER_INFO, -1);
    assertEquals(
        -1, get(FakeWeChatApi.USER_INFO + "?openid=o1&access_token=" + token).getInt("errcode"));
    assertEquals(
        1, get(FakeWeChatApi.USER_INFO + "?openid=o1&access_token=" + token).getInt("subscribe"));

    WECHAT.refuseTokens(app, 40164);
    JsonObject refused = stable(app);
    assertEquals(40164, refused.getInt("errcode"));
    assertTrue(
        refused.getString("errmsg").startsWith("invalid ip 127.0.0.1"),
        "WeChat's 40164 names the caller's IP: " + refused.toString());
  }

  @Test
  void holdsOnlyTheRequestItIsKeyedToAndLeavesQueuedDelaysToOthers() throws Exception {
    String app = "wxtokenfake000007";
    String token = stable(app).getString("access_token");
    WECHAT.delayNext(app, FakeWeChatApi.CUSTOM_SEND, 1200);
    var held = WECHAT.holdNext(app, FakeWeChatApi.CUSTOM_SEND, "\"touser\":\"o-held\"", 600);

    long millis = timed(() -> send(token, text("o-held")));
    assertTrue(held.isDone() && millis >= 600 && millis < 1200, "held 600 ms only: " + millis);
    millis = timed(() -> send(token, text("o-other")));
    assertTrue(millis >= 1200, "the queued delay went to the next send: " + millis);
  }

  private interface Call {
    void run() throws Exception;
  }

  private static long timed(Call call) throws Exception {
    long started = System.nanoTime();
    call.run();
    return (System.nanoTime() - started) / 1_000_000;
  }

  private static String text(String follower) {
    return "{\"touser\":\"" + follower + "\",\"msgtype\":\"text\",\"text\":{\"content\":\"hi\"}}";
  }

  @Test
  void uploadsAndServesMediaWithWeChatsHeaders() throws Exception {
    String app = "wxtokenfake000005";
    String token = stable(app).getString("access_token");
    String multipart =
        "--XyZ\r\nContent-Disposition: form-data; name=\"media\"; filename=\"a.png\"\r\n"
            + "Content-Type: image/png\r\n\r\nPNGDATA\r\n--XyZ--\r\n";
    HttpResponse<String> uploaded =
        HTTP.send(
            HttpRequest.newBuilder(
                    WECHAT.url(FakeWeChatApi.MEDIA_UPLOAD + "?type=image&access_token=" + token))
                .header("Content-Type", "multipart/form-data; boundary=XyZ")
                .POST(HttpRequest.BodyPublishers.ofString(multipart))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonObject answer = json(uploaded.body());
    assertEquals("image", answer.getString("type"));
    String mediaId = answer.getString("media_id");

    HttpResponse<byte[]> media =
        HTTP.send(
            HttpRequest.newBuilder(
                    WECHAT.url(
                        FakeWeChatApi.MEDIA_GET
                            + "?media_id="
                            + mediaId
                            + "&access_token="
                            + token))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals("PNGDATA", new String(media.body(), StandardCharsets.UTF_8));
    assertEquals("image/png", media.headers().firstValue("Content-Type").orElseThrow());
    assertEquals(
        "attachment; filename=\"a.png\"",
        media.headers().firstValue("Content-disposition").orElseThrow());
    assertEquals("7", media.headers().firstValue("Content-Length").orElseThrow());

    assertEquals(
        40007,
        get(FakeWeChatApi.MEDIA_GET + "?media_id=nope&access_token=" + token).getInt("errcode"));
    WECHAT.addVideo(app, "vid1", "http://example.com/v.mp4");
    assertEquals(
        "http://example.com/v.mp4",
        get(FakeWeChatApi.MEDIA_GET + "?media_id=vid1&access_token=" + token)
            .getString("video_url"));
    HttpResponse<String> badType =
        HTTP.send(
            HttpRequest.newBuilder(
                    WECHAT.url(FakeWeChatApi.MEDIA_UPLOAD + "?type=file&access_token=" + token))
                .header("Content-Type", "multipart/form-data; boundary=XyZ")
                .POST(HttpRequest.BodyPublishers.ofString(multipart))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(40004, json(badType.body()).getInt("errcode"));
  }

  @Test
  void aLargeUploadIsSpooledAndKeptWhole() throws Exception {
    String app = "wxtokenfake000006";
    String token = stable(app).getString("access_token");
    long size = 3L * 1024 * 1024;
    byte[] head =
        ("--B0\r\nContent-Disposition: form-data; name=\"media\"; filename=\"big.mp4\"\r\n"
                + "Content-Type: video/mp4\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] tail = "\r\n--B0--\r\n".getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> uploaded =
        HTTP.send(
            HttpRequest.newBuilder(
                    WECHAT.url(FakeWeChatApi.MEDIA_UPLOAD + "?type=video&access_token=" + token))
                .header("Content-Type", "multipart/form-data; boundary=B0")
                .POST(
                    HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(
                            () ->
                                new java.io.SequenceInputStream(
                                    java.util.Collections.enumeration(
                                        java.util.List.of(
                                            new java.io.ByteArrayInputStream(head),
                                            FakeMedia.generatedContent(size),
                                            new java.io.ByteArrayInputStream(tail))))),
                        head.length + size + tail.length))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    FakeMedia stored = WECHAT.media(app, json(uploaded.body()).getString("media_id")).orElseThrow();
    assertEquals(size, stored.length());
    assertEquals("big.mp4", stored.fileName());
    assertEquals("video/mp4", stored.contentType());
    assertEquals(FakeMedia.sha256(FakeMedia.generatedContent(size)), stored.sha256());
  }

  private static JsonObject stable(String appId) throws Exception {
    return json(
        HTTP.send(
                HttpRequest.newBuilder(WECHAT.url(FakeWeChatApi.STABLE_TOKEN))
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"grant_type\":\"client_credential\",\"appid\":\""
                                + appId
                                + "\",\"secret\":\"s3cret\",\"force_refresh\":false}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  private static JsonObject send(String token, String body) throws Exception {
    return json(
        HTTP.send(
                HttpRequest.newBuilder(
                        WECHAT.url(FakeWeChatApi.CUSTOM_SEND + "?access_token=" + token))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  private static JsonObject get(String pathAndQuery) throws Exception {
    URI uri = WECHAT.url(pathAndQuery);
    return json(
        HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
            .body());
  }

  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }
}
