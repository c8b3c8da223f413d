package io.wxbridge.videorecall;

import static io.wxbridge.videorecall.VideoRecallClient.DEFAULT_OFFICIAL_ID;
import static io.wxbridge.videorecall.VideoRecallClient.SET_UP;
import static io.wxbridge.videorecall.VideoRecallClient.assertAnswered;
import static io.wxbridge.videorecall.VideoRecallClient.post;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.testing.FakeMedia;
import io.wxbridge.testing.FakeUdeskVideoApi;
import io.wxbridge.testing.FakeWeChatApi;
import io.wxbridge.testing.RecordedRequest;
import io.wxbridge.testing.TestBridge;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The QR relay over real HTTP (run by BridgeIT): signed requests that the fake Udesk accepts,
 * Udesk's answer passed back, and with send the image uploaded and sent to the follower.
 */
public abstract class VideoRecallQrCodeChecks {

  @Test
  void qrCodeIsRequestedWithASignatureUdeskAcceptsAndItsAnswerIsReturnedAsReceived()
      throws Exception {
    String openid = "oVideo_plain_" + UUID.randomUUID().toString().substring(0, 8);
    long before = Instant.now().getEpochSecond();

    VideoRecallClient.Answer answer =
        post(
            SET_UP, "{\"openid\":\"" + openid + "\",\"callTimes\":2,\"customChannel\":\"vip 渠道\"}");

    assertEquals(200, answer.status(), answer.body());
    JsonObject json = answer.json();
    assertEquals(1000, json.getInt("code"));
    assertEquals("ok", json.getString("message"));
    assertTrue(
        json.getJsonObject("data").getString("qrCodeUrl").contains("/qrcode/"),
        "Udesk's QR code URL is passed on: " + answer.body());
    assertFalse(json.containsKey("errcode"), "Udesk's answer is passed back as it came");

    RecordedRequest request = udeskRequestFor(openid);
    assertEquals("POST", request.method());
    assertTrue(
        request.header("Content-Type").startsWith("application/json"),
        request.header("Content-Type"));
    JsonObject body = Json.createReader(new ByteArrayInputStream(request.body())).readObject();
    assertEquals("1400123456", body.getString("sdkAppId"));
    assertEquals("gh_0123456789ab", body.getString("offiAccountId"));
    assertEquals(openid, body.getString("offiAccountOpenId"));
    assertEquals(2, body.getInt("callTimes"));
    assertEquals("vip 渠道", body.getString("customChannel"));
    assertTrue(
        request.query().contains("offiAccountOpenId=" + openid)
            && request.query().contains("callTimes=2"),
        "the openid and callTimes travel in the query too: " + request.query());

    assertEquals(FakeUdeskVideoApi.APP_ID, request.header("appId"));
    UUID.fromString(request.header("nonce"));
    long timestamp = Long.parseLong(request.header("timestap"));
    assertTrue(
        timestamp >= before - 1 && timestamp <= Instant.now().getEpochSecond() + 1, "seconds, now");
    assertTrue(request.header("token").matches("[0-9a-f]{64}"), request.header("token"));
    String everything = request.headers() + request.query() + request.bodyText();
    assertFalse(everything.contains(FakeUdeskVideoApi.SECRET), "the secret never travels");
    assertTrue(
        TestBridge.wechat().received(SET_UP).stream().noneMatch(r -> r.bodyText().contains(openid)),
        "without send nothing goes to WeChat");
  }

  @Test
  void aCustomChannelWithBracesPercentsAndSeparatorsReachesUdeskUnchangedInTheQueryToo()
      throws Exception {
    String openid = "oVideo_chars_" + UUID.randomUUID().toString().substring(0, 8);
    String channel = "vip{1} 50%41 a&b=c+d 渠道";

    VideoRecallClient.Answer answer =
        post(SET_UP, "{\"openid\":\"" + openid + "\",\"customChannel\":\"" + channel + "\"}");

    assertEquals(200, answer.status(), answer.body());
    RecordedRequest request = udeskRequestFor(openid);
    JsonObject body = Json.createReader(new ByteArrayInputStream(request.body())).readObject();
    assertEquals(channel, body.getString("customChannel"));
    List<String> inQuery =
        Arrays.stream(request.query().split("&"))
            .filter(pair -> pair.startsWith("customChannel="))
            .map(pair -> URLDecoder.decode(pair.substring(14), StandardCharsets.UTF_8))
            .toList();
    assertEquals(List.of(channel), inQuery, "the query's copy, decoded: " + request.query());
  }

  @Test
  void callTimesDefaultsToUnlimitedAndTheOfficialAccountIdToTheAppId() throws Exception {
    String openid = "oVideo_default_" + UUID.randomUUID().toString().substring(0, 8);

    VideoRecallClient.Answer answer = post(DEFAULT_OFFICIAL_ID, "{\"openid\":\"" + openid + "\"}");

    assertEquals(200, answer.status(), answer.body());
    JsonObject body =
        Json.createReader(new ByteArrayInputStream(udeskRequestFor(openid).body())).readObject();
    assertEquals(-1, body.getInt("callTimes"));
    assertEquals(DEFAULT_OFFICIAL_ID, body.getString("offiAccountId"));
    assertEquals("1400654321", body.getString("sdkAppId"));
    assertFalse(
        body.containsKey("customChannel"), "customChannel is left out when the caller gave none");
    String line = logLineOf(answer);
    assertTrue(
        line.contains(DEFAULT_OFFICIAL_ID + ": video recall, request ")
            && line.contains(": QR code generated in "),
        "one line per call: account, request id, outcome, duration: " + line);
    assertFalse(line.contains(openid), "never the OpenID: " + line);
  }

  @Test
  void everyRequestHasItsOwnNonce() throws Exception {
    String first = "oVideo_nonce1_" + UUID.randomUUID().toString().substring(0, 8);
    String second = "oVideo_nonce2_" + UUID.randomUUID().toString().substring(0, 8);
    assertAnswered(post(SET_UP, "{\"openid\":\"" + first + "\"}"));
    assertAnswered(post(SET_UP, "{\"openid\":\"" + second + "\"}"));
    assertNotEquals(
        udeskRequestFor(first).header("nonce"), udeskRequestFor(second).header("nonce"));
  }

  @Test
  void withSendTheImageIsUploadedAndSentToTheFollowerWithTheUploadedMediaId() throws Exception {
    String openid = "oVideo_send_" + UUID.randomUUID().toString().substring(0, 8);

    VideoRecallClient.Answer answer = post(SET_UP, "{\"openid\":\"" + openid + "\",\"send\":true}");

    assertEquals(200, answer.status(), answer.body());
    JsonObject json = answer.json();
    assertEquals(0, json.getInt("errcode"), answer.body());
    assertEquals("ok", json.getString("errmsg"));
    assertEquals(1000, json.getJsonObject("qrcode").getInt("code"));
    assertEquals("image", json.getJsonObject("upload").getString("type"));
    String mediaId = json.getJsonObject("upload").getString("media_id");
    assertEquals(0, json.getJsonObject("send").getInt("errcode"));
    assertTrue(logLineOf(answer).contains(": QR code generated and sent in "), logLineOf(answer));

    List<RecordedRequest> uploads =
        TestBridge.wechat().received(SET_UP, FakeWeChatApi.MEDIA_UPLOAD).stream()
            .filter(r -> r.query().contains("type=image"))
            .toList();
    assertFalse(uploads.isEmpty(), "an image upload reached WeChat");
    FakeMedia uploaded = TestBridge.wechat().media(SET_UP, mediaId).orElseThrow();
    try (InputStream content = uploaded.open()) {
      assertArrayEquals(
          FakeUdeskVideoApi.png(),
          content.readAllBytes(),
          "the uploaded media is the QR image Udesk pointed at");
    }
    assertEquals("image/png", uploaded.contentType());
    assertEquals("qrcode.png", uploaded.fileName());

    RecordedRequest sent =
        TestBridge.wechat().received(SET_UP, FakeWeChatApi.CUSTOM_SEND).stream()
            .filter(r -> r.bodyText().contains(openid))
            .findFirst()
            .orElseThrow();
    JsonObject message = Json.createReader(new ByteArrayInputStream(sent.body())).readObject();
    assertEquals(openid, message.getString("touser"));
    assertEquals("image", message.getString("msgtype"));
    assertEquals(mediaId, message.getJsonObject("image").getString("media_id"));
  }

  @Test
  void aWeChatRefusalOfTheSendIsReportedWithTheQrCodeStillInTheAnswer() throws Exception {
    String openid = "oVideo_late_" + UUID.randomUUID().toString().substring(0, 8);
    TestBridge.wechat().failNextWith(SET_UP, FakeWeChatApi.CUSTOM_SEND, 45015);

    VideoRecallClient.Answer answer = post(SET_UP, "{\"openid\":\"" + openid + "\",\"send\":true}");

    assertEquals(200, answer.status(), answer.body());
    JsonObject json = answer.json();
    assertEquals(45015, json.getInt("errcode"), answer.body());
    assertTrue(
        json.getString("errmsg").contains("refused"),
        "the errmsg says WeChat refused: " + answer.body());
    assertEquals(45015, json.getJsonObject("send").getInt("errcode"));
    assertTrue(
        json.getJsonObject("qrcode").getJsonObject("data").containsKey("qrCodeUrl"),
        "the QR code URL is still in the answer");
    String line = logLineOf(answer);
    assertTrue(
        line.contains(": QR code generated, not sent: errcode 45015 (")
            && !line.contains("and sent"),
        "the log line says the image was not sent: " + line);
  }

  @Test
  void aWeChatRefusalOfTheUploadMeansNothingIsSent() throws Exception {
    String openid = "oVideo_quota_" + UUID.randomUUID().toString().substring(0, 8);
    TestBridge.wechat().failNextWith(SET_UP, FakeWeChatApi.MEDIA_UPLOAD, 45009);

    VideoRecallClient.Answer answer = post(SET_UP, "{\"openid\":\"" + openid + "\",\"send\":true}");

    assertEquals(200, answer.status(), answer.body());
    JsonObject json = answer.json();
    assertEquals(45009, json.getInt("errcode"), answer.body());
    assertTrue(
        json.getString("errmsg").contains("nothing was sent"),
        "the errmsg says nothing was sent: " + answer.body());
    assertEquals(45009, json.getJsonObject("upload").getInt("errcode"));
    assertFalse(json.containsKey("send"), "no send step after a failed upload: " + answer.body());
    assertEquals(1000, json.getJsonObject("qrcode").getInt("code"));
    assertTrue(
        TestBridge.wechat().received(SET_UP, FakeWeChatApi.CUSTOM_SEND).stream()
            .noneMatch(r -> r.bodyText().contains(openid)),
        "no message was sent");
  }

  @Test
  void theServedQrCodeUrlIsTheImage() throws Exception {
    String openid = "oVideo_url_" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject json = post(SET_UP, "{\"openid\":\"" + openid + "\"}").json();
    HttpResponse<byte[]> image =
        TestBridge.http()
            .send(
                HttpRequest.newBuilder(
                        URI.create(json.getJsonObject("data").getString("qrCodeUrl")))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertArrayEquals(FakeUdeskVideoApi.png(), image.body());
  }

  static RecordedRequest udeskRequestFor(String openid) {
    return TestBridge.udeskVideo().qrCodeRequests().stream()
        .filter(r -> r.bodyText().contains("\"" + openid + "\""))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no QR-code request for " + openid + " reached Udesk"));
  }

  /** The call's one log line, found by its request id. */
  private static String logLineOf(VideoRecallClient.Answer answer) {
    return TestBridge.serverLog()
        .lines()
        .filter(l -> l.contains("video recall, request " + answer.requestId() + ": "))
        .findFirst()
        .orElse("");
  }
}
