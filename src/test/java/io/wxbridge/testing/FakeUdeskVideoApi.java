package io.wxbridge.testing;

import com.sun.net.httpserver.HttpExchange;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;

/**
 * Udesk's video-recall API ("dynamically generate mini-program QR code") as the bridge sees it. It
 * authenticates every request as Udesk's document describes: recomputes token =
 * sha256_hex(appId&amp;secret&amp;nonce&amp;timestap) from the appId, nonce and timestap headers
 * and refuses a wrong token (4002), a nonce it has seen before (4004), a timestamp more than 5
 * minutes off (4003) or missing headers (4001). It reads the parameters from the JSON body (4005
 * when sdkAppId, offiAccountId or offiAccountOpenId is missing) and answers
 * {"code":1000,"data":{"qrCodeUrl":…},"message":"ok"} with a URL it serves itself (a small PNG).
 *
 * <p>Behaviour is chosen by a marker in the OpenID, so tests run side by side: {@code refused}
 * (code 3001), {@code slow} (answers after {@link #SLOW_MILLIS}), {@code malformed} (HTML with
 * 200), {@code nourl} (1000 without data), {@code http500} (HTML 500); for the QR image: {@code
 * bigimage} (larger than the bridge's test limit), {@code notimage} (HTML), {@code slowimage}
 * (after {@link #SLOW_MILLIS}).
 */
public final class FakeUdeskVideoApi extends FakeServer {
  public static final String PATH = "/open_api_v1/video/mini_program_qrcode";
  public static final String APP_ID = "udesk-company-7731";
  public static final String SECRET = "udesk-video-secret-never-logged-5c1e";
  public static final long SLOW_MILLIS = 3_000;
  private static final long MAX_SKEW_SECONDS = 300;
  private static final String QR_PATH = "/qrcode/";
  private static final byte[] PNG = generatedPng();

  private final Set<String> seenNonces = ConcurrentHashMap.newKeySet();
  private final Map<String, String> images = new ConcurrentHashMap<>();
  private volatile String secret = SECRET;

  /**
   * Until {@link #restoreSecret}, signatures are checked against another secret (as if Udesk's had
   * changed).
   */
  public void expectSecret(String other) {
    secret = other;
  }

  public void restoreSecret() {
    secret = SECRET;
  }

  /** The QR image the fake serves for a successful answer. */
  public static byte[] png() {
    return PNG.clone();
  }

  private static byte[] generatedPng() {
    BufferedImage image = new BufferedImage(58, 58, BufferedImage.TYPE_BYTE_BINARY);
    for (int x = 0; x < 58; x++) {
      for (int y = 0; y < 58; y++) {
        image.setRGB(x, y, ((x / 2 * 7 + y / 2 * 13) % 5 < 2) ? 0xFF000000 : 0xFFFFFFFF);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @Override
  protected void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (path.startsWith(QR_PATH)) {
      serveImage(exchange, path.substring(QR_PATH.length()));
      return;
    }
    RecordedRequest request = record(exchange);
    if (!path.equals(PATH) || !exchange.getRequestMethod().equals("POST")) {
      answer(exchange, 404, "text/html", "<html><body>404</body></html>");
      return;
    }
    Optional<String> refusal = authenticate(request);
    if (refusal.isPresent()) {
      json(exchange, refusal.get());
      return;
    }
    Optional<JsonObject> parameters = parameters(request.body());
    if (parameters.isEmpty()) {
      json(
          exchange,
          "{\"code\":4005,\"message\":\"sdkAppId, offiAccountId and offiAccountOpenId are required\"}");
      return;
    }
    answerQrCode(exchange, parameters.get().getString("offiAccountOpenId"));
  }

  private Optional<String> authenticate(RecordedRequest request) {
    String appId = request.header("appId");
    String nonce = request.header("nonce");
    String timestamp = request.header("timestap");
    String token = request.header("token");
    if (appId == null || nonce == null || timestamp == null || token == null) {
      return Optional.of(
          "{\"code\":4001,\"message\":\"appId, nonce, timestap and token headers are required\"}");
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp);
    } catch (NumberFormatException notSeconds) {
      return Optional.of("{\"code\":4003,\"message\":\"timestap is not a number of seconds\"}");
    }
    if (Math.abs(Instant.now().getEpochSecond() - seconds) > MAX_SKEW_SECONDS) {
      return Optional.of("{\"code\":4003,\"message\":\"request expired\"}");
    }
    String expected = sha256Hex(appId + "&" + secret + "&" + nonce + "&" + timestamp);
    if (!appId.equals(APP_ID)
        || !MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
      return Optional.of("{\"code\":4002,\"message\":\"token invalid\"}");
    }
    if (!seenNonces.add(nonce)) {
      return Optional.of("{\"code\":4004,\"message\":\"nonce already used\"}");
    }
    return Optional.empty();
  }

  private static Optional<JsonObject> parameters(byte[] body) {
    try (var reader = Json.createReader(new ByteArrayInputStream(body))) {
      JsonObject json = reader.readObject();
      boolean complete =
          Set.of("sdkAppId", "offiAccountId", "offiAccountOpenId").stream()
              .allMatch(
                  name ->
                      json.get(name) instanceof JsonString value && !value.getString().isBlank());
      boolean callTimesOk =
          !json.containsKey("callTimes")
              || json.get("callTimes").getValueType() == JsonValue.ValueType.NUMBER;
      return complete && callTimesOk ? Optional.of(json) : Optional.empty();
    } catch (JsonException | IllegalStateException notAnObject) {
      return Optional.empty();
    }
  }

  private void answerQrCode(HttpExchange exchange, String openid) throws IOException {
    if (openid.contains("slow") && !openid.contains("slowimage")) {
      sleep(SLOW_MILLIS);
    }
    if (openid.contains("refused")) {
      json(exchange, "{\"code\":3001,\"data\":null,\"message\":\"该用户没有视频权限\"}");
    } else if (openid.contains("malformed")) {
      answer(exchange, 200, "text/html", "<html><body>gateway says hello</body></html>");
    } else if (openid.contains("nourl")) {
      json(exchange, "{\"code\":1000,\"message\":\"ok\"}");
    } else if (openid.contains("http500")) {
      answer(exchange, 500, "text/html", "<html><body>Internal Server Error</body></html>");
    } else {
      String id = UUID.randomUUID().toString().replace("-", "");
      images.put(id, openid);
      json(
          exchange,
          "{\"code\":1000,\"data\":{\"qrCodeUrl\":\""
              + url(QR_PATH + id + ".png")
              + "\"},"
              + "\"message\":\"ok\"}");
    }
  }

  private void serveImage(HttpExchange exchange, String file) throws IOException {
    String openid = images.get(file.replace(".png", ""));
    if (openid == null) {
      answer(exchange, 404, "application/xml", "<Error><Code>NoSuchKey</Code></Error>");
    } else if (openid.contains("bigimage")) {
      byte[] big = new byte[512 * 1024];
      System.arraycopy(PNG, 0, big, 0, PNG.length);
      answer(exchange, 200, "image/png", big);
    } else if (openid.contains("notimage")) {
      answer(exchange, 200, "image/png", "<html><body>AccessDenied</body></html>");
    } else {
      if (openid.contains("slowimage")) {
        sleep(SLOW_MILLIS);
      }
      answer(exchange, 200, "image/png", PNG);
    }
  }

  /** The QR-code requests the bridge made so far (successful or refused). */
  public List<RecordedRequest> qrCodeRequests() {
    return received(r -> r.path().equals(PATH));
  }

  /** SHA-256 of the text's UTF-8 bytes, lowercase hex: Udesk's video signature. */
  public static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void json(HttpExchange exchange, String body) throws IOException {
    answer(exchange, 200, "application/json;charset=UTF-8", body);
  }

  private static void answer(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    answer(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void answer(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
