package io.wxbridge.videorecall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.testing.FakeUdeskVideoApi;
import io.wxbridge.testing.RecordedRequest;
import io.wxbridge.testing.TestBridge;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The other reading of seed 002's QR-code table: a third party calls the bridge, signed with the
 * seed's headers appId / nonce / timestap / token =
 * sha256(appId&amp;secret&amp;nonce&amp;timestap), and sends the seed's body fields; the bridge
 * relays to Udesk and answers Udesk's {"code":1000,…} (run by BridgeIT).
 */
public abstract class VideoRecallSignedChecks {

  private static String body(String openid) {
    return SignedQrCodeRequest.body(openid);
  }

  private static VideoRecallClient.Answer signed(
      String body, String appId, String secret, String nonce, long timestamp) throws Exception {
    return VideoRecallClient.send(
        SignedQrCodeRequest.signed(TestBridge.url("/"), body, appId, secret, nonce, timestamp));
  }

  private static long now() {
    return Instant.now().getEpochSecond();
  }

  private static int udeskRequestsFor(String openid) {
    return (int) SignedQrCodeRequest.relayedToUdesk(openid);
  }

  @Test
  void aCorrectlySignedRequestIsRelayedToUdeskAndAnswersUdesksAnswer() throws Exception {
    String openid = "oSigned_" + UUID.randomUUID().toString().substring(0, 8);
    VideoRecallClient.Answer answer =
        signed(
            body(openid),
            FakeUdeskVideoApi.APP_ID,
            FakeUdeskVideoApi.SECRET,
            UUID.randomUUID().toString(),
            now());

    assertEquals(200, answer.status(), answer.body());
    JsonObject json = answer.json();
    assertEquals(1000, json.getInt("code"));
    assertEquals("ok", json.getString("message"));
    assertTrue(json.getJsonObject("data").getString("qrCodeUrl").startsWith("http"), answer.body());

    JsonObject sent = relayedToUdesk(openid);
    assertEquals("1400999999", sent.getString("sdkAppId"), "the seed's body fields are relayed");
    assertEquals("gh_seedreading01", sent.getString("offiAccountId"));
    assertEquals(3, sent.getInt("callTimes"));
    assertEquals("seed", sent.getString("customChannel"));
  }

  @Test
  void aRequestWithItsParametersAndSignatureValuesInTheQueryIsRelayedAsWell() throws Exception {
    String openid = "oSignedQ_" + UUID.randomUUID().toString().substring(0, 8);
    String nonce = UUID.randomUUID().toString();
    long timestamp = now();
    String query =
        "?appId="
            + FakeUdeskVideoApi.APP_ID
            + "&nonce="
            + nonce
            + "&timestamp=" // the seed's "timestap" corrected: read as well
            + timestamp
            + "&sdkAppId=1400999999&offiAccountId=gh_seedreading01&offiAccountOpenId="
            + openid
            + "&callTimes=2&customChannel=seed%20q";
    String token =
        FakeUdeskVideoApi.sha256Hex(
            FakeUdeskVideoApi.APP_ID
                + "&"
                + FakeUdeskVideoApi.SECRET
                + "&"
                + nonce
                + "&"
                + timestamp);
    HttpRequest.Builder bodiless =
        HttpRequest.newBuilder(
                TestBridge.url("/video-recall/" + VideoRecallClient.SET_UP + "/qrcode" + query))
            .timeout(Duration.ofSeconds(20))
            .header("token", token)
            .POST(HttpRequest.BodyPublishers.noBody());
    VideoRecallClient.Answer answer = VideoRecallClient.send(bodiless);

    assertEquals(200, answer.status(), answer.body());
    assertEquals(1000, answer.json().getInt("code"), answer.body());
    JsonObject sent = relayedToUdesk(openid);
    assertEquals(2, sent.getInt("callTimes"), "the query's fields are relayed: " + sent);
    assertEquals("seed q", sent.getString("customChannel"));
    assertEquals("gh_seedreading01", sent.getString("offiAccountId"));

    VideoRecallClient.Answer replayed = VideoRecallClient.send(bodiless);
    assertEquals(401, replayed.status(), "its nonce was used up: " + replayed.body());
    assertTrue(replayed.body().contains("already used"), replayed.body());
  }

  /** A client that posts its parameters as a form (Spring's RestTemplate with a MultiValueMap). */
  @Test
  void aSignedRequestWithAFormBodyIsRelayedAsWell() throws Exception {
    String openid = "oSignedF_" + UUID.randomUUID().toString().substring(0, 8);
    VideoRecallClient.Answer answer =
        VideoRecallClient.send(
            SignedQrCodeRequest.signed(
                    TestBridge.url("/"),
                    "sdkAppId=1400999999&offiAccountId=gh_seedreading01&offiAccountOpenId="
                        + openid
                        + "&callTimes=2&customChannel=seed+form",
                    FakeUdeskVideoApi.APP_ID,
                    FakeUdeskVideoApi.SECRET,
                    UUID.randomUUID().toString(),
                    now())
                .setHeader("Content-Type", "application/x-www-form-urlencoded"));

    assertEquals(200, answer.status(), answer.body());
    assertEquals(1000, answer.json().getInt("code"), answer.body());
    JsonObject sent = relayedToUdesk(openid);
    assertEquals(2, sent.getInt("callTimes"), "the form's fields are relayed: " + sent);
    assertEquals("seed form", sent.getString("customChannel"));
  }

  @Test
  void aWrongSignatureIsRefusedBeforeUdesk() throws Exception {
    String openid = "oForged_" + UUID.randomUUID().toString().substring(0, 8);
    VideoRecallClient.Answer wrongSecret =
        signed(
            body(openid),
            FakeUdeskVideoApi.APP_ID,
            "not-the-secret",
            UUID.randomUUID().toString(),
            now());
    VideoRecallClient.Answer wrongApp =
        signed(
            body(openid),
            "another-company",
            FakeUdeskVideoApi.SECRET,
            UUID.randomUUID().toString(),
            now());
    for (VideoRecallClient.Answer answer : new VideoRecallClient.Answer[] {wrongSecret, wrongApp}) {
      assertEquals(401, answer.status(), answer.body());
      assertEquals(40001, answer.json().getInt("errcode"));
      assertTrue(answer.json().getString("errmsg").contains("wrong signature"), answer.body());
    }
    assertEquals(0, udeskRequestsFor(openid), "nothing reached Udesk");
  }

  @Test
  void aNonceIsAcceptedOnce() throws Exception {
    String openid = "oReplay_" + UUID.randomUUID().toString().substring(0, 8);
    String nonce = UUID.randomUUID().toString();
    long timestamp = now();
    assertEquals(
        200,
        signed(body(openid), FakeUdeskVideoApi.APP_ID, FakeUdeskVideoApi.SECRET, nonce, timestamp)
            .status());

    VideoRecallClient.Answer replayed =
        signed(body(openid), FakeUdeskVideoApi.APP_ID, FakeUdeskVideoApi.SECRET, nonce, timestamp);
    assertEquals(401, replayed.status(), replayed.body());
    assertTrue(
        replayed.json().getString("errmsg").contains("nonce was already used"), replayed.body());
    assertEquals(1, udeskRequestsFor(openid), "the replay did not reach Udesk");
  }

  /**
   * The bridge signs its own requests to Udesk with the appId and secret its signed callers use:
   * whoever sees one (Udesk, a proxy that logs headers) must not get a QR code of their choosing
   * from the bridge with its headers.
   */
  @Test
  void theSignatureOfTheBridgesOwnRequestToUdeskIsNotAcceptedBack() throws Exception {
    String openid = "oOwnSig_" + UUID.randomUUID().toString().substring(0, 8);
    assertEquals(
        200,
        signed(
                body(openid),
                FakeUdeskVideoApi.APP_ID,
                FakeUdeskVideoApi.SECRET,
                UUID.randomUUID().toString(),
                now())
            .status());
    RecordedRequest toUdesk =
        TestBridge.udeskVideo().qrCodeRequests().stream()
            .filter(request -> request.bodyText().contains(openid))
            .reduce((first, last) -> last)
            .orElseThrow();

    String other = "oOwnSigReplay_" + UUID.randomUUID().toString().substring(0, 8);
    VideoRecallClient.Answer replayed =
        VideoRecallClient.send(
            VideoRecallClient.request(TestBridge.url("/"), VideoRecallClient.SET_UP, body(other))
                .header("appId", toUdesk.header("appId"))
                .header("nonce", toUdesk.header("nonce"))
                .header("timestap", toUdesk.header("timestap"))
                .header("token", toUdesk.header("token")));
    assertEquals(401, replayed.status(), replayed.body());
    assertTrue(
        replayed.json().getString("errmsg").contains("nonce was already used"), replayed.body());
    assertEquals(0, udeskRequestsFor(other), "nothing reached Udesk");
  }

  @Test
  void aStaleTimestampIsRefused() throws Exception {
    String openid = "oStale_" + UUID.randomUUID().toString().substring(0, 8);
    for (long timestamp : new long[] {now() - 3_600, now() + 3_600}) {
      VideoRecallClient.Answer stale =
          signed(
              body(openid),
              FakeUdeskVideoApi.APP_ID,
              FakeUdeskVideoApi.SECRET,
              UUID.randomUUID().toString(),
              timestamp);
      assertEquals(401, stale.status(), stale.body());
      assertTrue(stale.json().getString("errmsg").contains("timestamp"), stale.body());
    }
    assertEquals(0, udeskRequestsFor(openid));
  }

  /** The body of the QR-code request the bridge relayed to Udesk's video API for the follower. */
  private static JsonObject relayedToUdesk(String openid) {
    RecordedRequest relayed =
        TestBridge.udeskVideo().qrCodeRequests().stream()
            .filter(r -> r.bodyText().contains(openid))
            .findFirst()
            .orElseThrow();
    return Json.createReader(new ByteArrayInputStream(relayed.body())).readObject();
  }
}
