package io.wxbridge.videorecall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.testing.TestBridge;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The enterprise's system calling POST /video-recall/{appid}/qrcode over HTTP, as the checks need
 * it.
 */
final class VideoRecallClient {
  static final String API_KEY = "video-api-key-never-logged-91d2";
  static final String SET_UP = "wxvideo0000000001";
  static final String NOT_SET_UP = "wxvideo0000000002";
  static final String DEFAULT_OFFICIAL_ID = "wxvideo0000000003";

  /** The bridge's answer: status, Content-Type, body, and its X-Request-Id. */
  record Answer(int status, String contentType, String body, String requestId) {
    JsonObject json() {
      assertTrue(
          contentType != null && contentType.startsWith("application/json"),
          "JSON answer: " + this);
      return Json.createReader(new StringReader(body)).readObject();
    }
  }

  private VideoRecallClient() {}

  /** A 200; otherwise the failure names the bridge's answer (its errmsg says what went wrong). */
  static void assertAnswered(Answer answer) {
    assertEquals(200, answer.status(), () -> "the bridge's answer: " + answer);
  }

  static Answer post(String appId, String body) throws Exception {
    return send(request(appId, body).header("Authorization", "Bearer " + API_KEY));
  }

  static HttpRequest.Builder request(String appId, String body) {
    return request(TestBridge.url("/"), appId, body);
  }

  /** A QR-code request to the bridge at {@code bridge} (another instance than the suite's). */
  static HttpRequest.Builder request(URI bridge, String appId, String body) {
    return HttpRequest.newBuilder(bridge.resolve("/video-recall/" + appId + "/qrcode"))
        .timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  static Answer send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> response =
        TestBridge.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(null),
        response.body(),
        response.headers().firstValue("X-Request-Id").orElse(""));
  }
}
