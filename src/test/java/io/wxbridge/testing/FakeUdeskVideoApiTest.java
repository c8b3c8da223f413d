package io.wxbridge.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wxbridge.videorecall.control.UdeskRequestSigner;
import io.wxbridge.videorecall.entity.UdeskSignature;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The fake Udesk video API authenticates as Udesk's document says, so a green integration test
 * means the bridge's signatures are right, its nonces fresh and its timestamps current.
 */
class FakeUdeskVideoApiTest {
  private static final FakeUdeskVideoApi UDESK = new FakeUdeskVideoApi();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String BODY =
      "{\"sdkAppId\":\"1400123456\",\"offiAccountId\":\"gh_1\",\"offiAccountOpenId\":\"o1\",\"callTimes\":-1}";
  private final UdeskRequestSigner signer = new UdeskRequestSigner();

  @AfterAll
  static void stop() {
    UDESK.close();
  }

  @Test
  void aCorrectSignatureGetsAQrCodeWhoseUrlServesAPng() throws Exception {
    JsonObject answer = post(signer.sign(FakeUdeskVideoApi.APP_ID, FakeUdeskVideoApi.SECRET), BODY);
    assertEquals(1000, answer.getInt("code"));
    assertEquals("ok", answer.getString("message"));

    HttpResponse<byte[]> image =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(answer.getJsonObject("data").getString("qrCodeUrl")))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, image.statusCode());
    assertEquals("image/png", image.headers().firstValue("Content-Type").orElseThrow());
    assertArrayEquals(FakeUdeskVideoApi.png(), image.body());
  }

  @Test
  void aWrongSecretOrAppIdIsRefused() throws Exception {
    assertEquals(
        4002, post(signer.sign(FakeUdeskVideoApi.APP_ID, "other-secret"), BODY).getInt("code"));
    assertEquals(
        4002, post(signer.sign("other-company", FakeUdeskVideoApi.SECRET), BODY).getInt("code"));
    UdeskSignature good = signer.sign(FakeUdeskVideoApi.APP_ID, FakeUdeskVideoApi.SECRET);
    UdeskSignature tampered =
        new UdeskSignature(good.appId(), good.nonce(), good.timestamp() - 1, good.token());
    assertEquals(4002, post(tampered, BODY).getInt("code"));
  }

  @Test
  void aNonceIsAcceptedOnce() throws Exception {
    UdeskSignature signature = signer.sign(FakeUdeskVideoApi.APP_ID, FakeUdeskVideoApi.SECRET);
    assertEquals(1000, post(signature, BODY).getInt("code"));
    assertEquals(4004, post(signature, BODY).getInt("code"));
  }

  @Test
  void aTimestampMoreThanFiveMinutesOffIsRefused() throws Exception {
    Instant now = Instant.now();
    UdeskRequestSigner past =
        new UdeskRequestSigner(Clock.fixed(now.minus(Duration.ofSeconds(310)), ZoneOffset.UTC));
    UdeskRequestSigner future =
        new UdeskRequestSigner(Clock.fixed(now.plus(Duration.ofSeconds(310)), ZoneOffset.UTC));
    UdeskRequestSigner recent =
        new UdeskRequestSigner(Clock.fixed(now.minus(Duration.ofSeconds(240)), ZoneOffset.UTC));
    assertEquals(
        4003,
        post(past.sign(FakeUdeskVideoApi.APP_ID, FakeUdeskVideoApi.SECRET), BODY).getInt("code"));
    assertEquals(
        4003,
        post(future.sign(FakeUdeskVideoApi.APP_ID, FakeUdeskVideoApi.SECRET), BODY).getInt("code"));
    assertEquals(
        1000,
        post(recent.sign(FakeUdeskVideoApi.APP_ID, FakeUdeskVideoApi.SECRET), BODY).getInt("code"));
  }

  @Test
  void missingHeadersOrParametersAreRefused() throws Exception {
    HttpRequest unsigned =
        HttpRequest.newBuilder(UDESK.url(FakeUdeskVideoApi.PATH))
            .header("appId", FakeUdeskVideoApi.APP_ID)
            .header("nonce", UUID.randomUUID().toString())
            .POST(HttpRequest.BodyPublishers.ofString(BODY))
            .build();
    assertEquals(
        4001,
        json(HTTP.send(unsigned, HttpResponse.BodyHandlers.ofString()).body()).getInt("code"));
    assertEquals(
        4005,
        post(
                signer.sign(FakeUdeskVideoApi.APP_ID, FakeUdeskVideoApi.SECRET),
                "{\"sdkAppId\":\"1400123456\",\"offiAccountId\":\"gh_1\"}")
            .getInt("code"));
  }

  private static JsonObject post(UdeskSignature signature, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(UDESK.url(FakeUdeskVideoApi.PATH))
            .header("Content-Type", "application/json")
            .header("appId", signature.appId())
            .header("nonce", signature.nonce())
            .header("timestap", Long.toString(signature.timestamp()))
            .header("token", signature.token())
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    return json(response.body());
  }

  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }
}
