package io.wxbridge.testing;

import static io.wxbridge.testing.FakeWeChatApi.CUSTOM_SEND;
import static io.wxbridge.testing.FakeWeChatApi.MEDIA_GET;
import static io.wxbridge.testing.FakeWeChatApi.MEDIA_UPLOAD;
import static io.wxbridge.testing.FakeWeChatApi.TEMPLATES;
import static io.wxbridge.testing.FakeWeChatApi.TEMPLATE_LIST;
import static io.wxbridge.testing.FakeWeChatApi.TEMPLATE_SEND;
import static io.wxbridge.testing.FakeWeChatApi.USER_INFO;

import com.sun.net.httpserver.HttpExchange;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the fake WeChat answers on its API endpoints once the access token was accepted: the
 * customer-service and template sends, user info, the template list, media upload and download,
 * each with WeChat's success shape and its errcodes for bad input.
 */
final class FakeWeChatEndpoints {
  private static final Set<String> MEDIA_TYPES = Set.of("image", "voice", "video", "thumb");
  private final AtomicLong ids = new AtomicLong(200228332);

  /**
   * Answers a request whose token was accepted, for the account whose media store is given.
   *
   * @param chunked for media/get: null for a Content-Length, else chunked and whether it breaks off
   */
  void answer(
      HttpExchange exchange,
      Map<String, FakeMedia> media,
      String path,
      Map<String, String> query,
      RecordedRequest request,
      byte[] body,
      Path spooled,
      Boolean chunked)
      throws IOException {
    switch (path) {
      case CUSTOM_SEND -> send(exchange, request, "msgtype", "{\"errcode\":0,\"errmsg\":\"ok\"}");
      case TEMPLATE_SEND ->
          send(
              exchange,
              request,
              "template_id",
              "{\"errcode\":0,\"errmsg\":\"ok\",\"msgid\":" + ids.incrementAndGet() + "}");
      case USER_INFO -> userInfo(exchange, query);
      case TEMPLATES -> json(exchange, TEMPLATE_LIST);
      case MEDIA_UPLOAD ->
          upload(exchange, media, query, request.header("Content-Type"), body, spooled);
      case MEDIA_GET -> mediaGet(exchange, media, query, chunked);
      default ->
          answer(exchange, 404, "text/html", "<html><body>404 Not Found</body></html>".getBytes());
    }
  }

  private void send(HttpExchange exchange, RecordedRequest request, String required, String ok)
      throws IOException {
    if (!exchange.getRequestMethod().equals("POST")) {
      json(exchange, "{\"errcode\":43002,\"errmsg\":\"require POST method\"}");
      return;
    }
    if (request.body().length == 0) {
      json(exchange, FakeWeChatErrors.json(44002, caller(exchange)));
      return;
    }
    Optional<JsonObject> body = jsonBody(request.body());
    if (body.isEmpty()) {
      json(exchange, FakeWeChatErrors.json(47001, caller(exchange)));
      return;
    }
    if (body.get().getString("touser", "").isEmpty()) {
      json(exchange, FakeWeChatErrors.json(40003, caller(exchange)));
      return;
    }
    if (!body.get().containsKey(required)) {
      json(
          exchange,
          FakeWeChatErrors.json(required.equals("msgtype") ? 40008 : 40037, caller(exchange)));
      return;
    }
    json(exchange, ok);
  }

  private void userInfo(HttpExchange exchange, Map<String, String> query) throws IOException {
    String openid = query.getOrDefault("openid", "");
    if (openid.isEmpty()) {
      json(exchange, FakeWeChatErrors.json(40003, caller(exchange)));
      return;
    }
    json(
        exchange,
        "{\"subscribe\":1,\"openid\":\""
            + openid
            + "\",\"nickname\":\"\",\"sex\":0,\"language\":\""
            + query.getOrDefault("lang", "zh_CN")
            + "\",\"city\":\"\",\"province\":\"\",\"country\":\"\","
            + "\"headimgurl\":\"\",\"subscribe_time\":1382694957,\"remark\":\"\",\"groupid\":0,\"tagid_list\":[],"
            + "\"subscribe_scene\":\"ADD_SCENE_QR_CODE\",\"qr_scene\":98765,\"qr_scene_str\":\"\"}");
  }

  private void upload(
      HttpExchange exchange,
      Map<String, FakeMedia> store,
      Map<String, String> query,
      String contentType,
      byte[] body,
      Path spooled)
      throws IOException {
    String type = query.getOrDefault("type", "");
    if (!MEDIA_TYPES.contains(type)) {
      json(exchange, FakeWeChatErrors.json(40004, caller(exchange)));
      return;
    }
    Optional<FakeMedia> media =
        spooled != null
            ? SpooledMultipart.parse(contentType, spooled)
                .filter(part -> part.length() > 0)
                .map(
                    part ->
                        FakeMedia.inFile(
                            type,
                            part.headersOnly().contentType().orElse("application/octet-stream"),
                            part.headersOnly().fileName().orElse(""),
                            part.file(),
                            part.offset(),
                            part.length()))
            : MultipartBody.parse(contentType, body)
                .flatMap(multipart -> multipart.part("media"))
                .filter(part -> part.length() > 0)
                .map(
                    part ->
                        FakeMedia.slice(
                            type,
                            part.contentType().orElse("application/octet-stream"),
                            part.fileName().orElse(""),
                            part.body(),
                            part.offset(),
                            part.length()));
    if (media.isEmpty()) {
      json(exchange, FakeWeChatErrors.json(41005, caller(exchange)));
      return;
    }
    String mediaId =
        UUID.randomUUID().toString().replace("-", "")
            + UUID.randomUUID().toString().replace("-", "");
    store.put(mediaId, media.get());
    json(
        exchange,
        "{\"type\":\""
            + type
            + "\",\"media_id\":\""
            + mediaId
            + "\",\"created_at\":"
            + Instant.now().getEpochSecond()
            + "}");
  }

  private void mediaGet(
      HttpExchange exchange,
      Map<String, FakeMedia> store,
      Map<String, String> query,
      Boolean chunked)
      throws IOException {
    FakeMedia media = store.get(query.getOrDefault("media_id", ""));
    if (media == null) {
      json(exchange, FakeWeChatErrors.json(40007, caller(exchange)));
      return;
    }
    if (media.isVideo()) {
      json(exchange, "{\"video_url\":\"" + media.videoUrl() + "\"}");
      return;
    }
    String fileName =
        media.fileName() == null || media.fileName().isEmpty()
            ? query.get("media_id") + ".jpg"
            : media.fileName();
    exchange.getResponseHeaders().set("Content-Type", media.contentType());
    exchange
        .getResponseHeaders()
        .set("Content-disposition", "attachment; filename=\"" + fileName + "\"");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache, must-revalidate");
    if (chunked != null) {
      exchange.sendResponseHeaders(200, 0); // chunked
      OutputStream out = exchange.getResponseBody();
      try (InputStream in = media.open()) {
        out.write(in.readNBytes((int) (chunked ? media.length() / 2 : media.length())));
        out.flush();
      }
      if (chunked) {
        throw new FakeServer.DropConnection(); // without the chunked answer's end
      }
      out.close();
      return;
    }
    exchange.sendResponseHeaders(200, media.length());
    try (OutputStream out = exchange.getResponseBody();
        InputStream in = media.open()) {
      in.transferTo(out);
    }
  }

  static void json(HttpExchange exchange, String body) throws IOException {
    answer(exchange, 200, FakeWeChatApi.JSON, body.getBytes(StandardCharsets.UTF_8));
  }

  static void answer(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    // as a gateway's affinity cookie: the bridge must never send it back (WeChatRetryChecks)
    exchange.getResponseHeaders().set("Set-Cookie", "wxgateway=route-a; Path=/");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  static Optional<JsonObject> jsonBody(byte[] body) {
    try (var reader = Json.createReader(new ByteArrayInputStream(body))) {
      return Optional.of(reader.readObject());
    } catch (JsonException | IllegalStateException notAnObject) {
      return Optional.empty();
    }
  }

  static String caller(HttpExchange exchange) {
    return exchange.getRemoteAddress().getAddress().getHostAddress();
  }
}
