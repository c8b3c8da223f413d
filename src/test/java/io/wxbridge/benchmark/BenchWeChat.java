package io.wxbridge.benchmark;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The WeChat API for the benchmark: tokens, customer-service sends, temporary media both ways.
 * Media ids name their size ({@code bench-<bytes>}) and downloads are written from one shared
 * block, so the fake does no work per byte. Under {@link #HANG} every call but a token fetch is
 * held for {@code hangMillis} (WeChat's API hanging).
 */
final class BenchWeChat extends BenchServer {
  static final String JSON = "application/json; encoding=utf-8";
  static final String HANG = "/hang";
  static final String SEND = "/cgi-bin/message/custom/send";
  static final String MEDIA_GET = "/cgi-bin/media/get";
  static final String MEDIA_UPLOAD = "/cgi-bin/media/upload";
  static final String OK = "{\"errcode\":0,\"errmsg\":\"ok\"}";
  private static final byte[] BLOCK = block();
  private final long hangMillis;
  private final long uploadBytes;
  private final AtomicLong held = new AtomicLong();

  /**
   * {@code uploadBytes}: the size of the benchmark's uploads; a shorter body is a broken upload.
   */
  BenchWeChat(long hangMillis, long uploadBytes) {
    super("wechat");
    this.hangMillis = hangMillis;
    this.uploadBytes = uploadBytes;
  }

  private static byte[] block() {
    byte[] block = new byte[64 * 1024];
    for (int i = 0; i < block.length; i++) {
      block[i] = (byte) (i * 31 + (i >>> 7));
    }
    return block;
  }

  /** How many calls reached the hanging API and were held, so far. */
  long held() {
    return held.get();
  }

  static String mediaId(long bytes) {
    return "bench-" + bytes;
  }

  @Override
  protected void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    boolean hang = path.startsWith(HANG);
    if (hang) {
      path = path.substring(HANG.length());
    }
    String query = String.valueOf(exchange.getRequestURI().getRawQuery());
    if (path.endsWith("token")) {
      drain(exchange);
      try (exchange) {
        answer(exchange, 200, JSON, "{\"access_token\":\"bench-token\",\"expires_in\":7200}");
      }
      return;
    }
    if (!query.contains("access_token=")) {
      malformed();
    }
    if (hang) {
      drain(exchange);
      held.incrementAndGet();
      hold(exchange, hangMillis, 200, JSON, OK);
      return;
    }
    try (exchange) {
      switch (path) {
        case SEND -> send(exchange);
        case MEDIA_UPLOAD -> upload(exchange);
        case MEDIA_GET -> download(exchange, query);
        default -> {
          malformed();
          answer(exchange, 404, "text/html", "<html><body>404</body></html>");
        }
      }
    }
  }

  private void send(HttpExchange exchange) throws IOException {
    String body = new String(drain(exchange), StandardCharsets.UTF_8);
    if (!body.startsWith("{") || !body.contains("\"touser\"") || !body.contains("\"msgtype\"")) {
      malformed();
      answer(exchange, 200, JSON, "{\"errcode\":47001,\"errmsg\":\"data format error\"}");
      return;
    }
    answer(exchange, 200, JSON, OK);
  }

  /**
   * Counts the multipart body's bytes without keeping them; a body shorter than its file is
   * refused.
   */
  private void upload(HttpExchange exchange) throws IOException {
    long bytes = 0;
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = exchange.getRequestBody()) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        bytes += n;
      }
    }
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.startsWith("multipart/form-data") || bytes < uploadBytes) {
      malformed();
      answer(exchange, 200, JSON, "{\"errcode\":41005,\"errmsg\":\"media data missing\"}");
      return;
    }
    answer(
        exchange,
        200,
        JSON,
        "{\"type\":\"video\",\"media_id\":\""
            + mediaId(bytes)
            + "\",\"created_at\":"
            + System.currentTimeMillis() / 1000
            + "}");
  }

  private void download(HttpExchange exchange, String query) throws IOException {
    drain(exchange);
    long length =
        Arrays.stream(query.split("&"))
            .filter(p -> p.startsWith("media_id=bench-"))
            .mapToLong(p -> Long.parseLong(p.substring("media_id=bench-".length())))
            .findFirst()
            .orElse(-1);
    if (length < 0) {
      malformed();
      answer(exchange, 200, JSON, "{\"errcode\":40007,\"errmsg\":\"invalid media_id\"}");
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "video/mp4");
    exchange.getResponseHeaders().set("Content-disposition", "attachment; filename=\"bench.mp4\"");
    exchange.sendResponseHeaders(200, length);
    try (OutputStream out = exchange.getResponseBody()) {
      for (long left = length; left > 0; left -= BLOCK.length) {
        out.write(BLOCK, 0, (int) Math.min(BLOCK.length, left));
      }
    }
  }

  private static byte[] drain(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      return in.readAllBytes();
    }
  }
}
