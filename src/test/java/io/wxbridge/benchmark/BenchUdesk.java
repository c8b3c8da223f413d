package io.wxbridge.benchmark;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Udesk's message URL for the benchmark: answers every forwarded push at once with a passive reply,
 * except under {@link #HANG}, where it holds the answer for {@code hangMillis} (Udesk hanging), and
 * under {@link #DOWN}, where it answers 503 while {@link #down} is set (Udesk down) and otherwise
 * takes the push, counting each MsgId it was given (so the benchmark sees what arrived twice).
 */
final class BenchUdesk extends BenchServer {
  static final String REPLY =
      "<xml><ToUserName><![CDATA[fromUser]]></ToUserName>"
          + "<FromUserName><![CDATA[toUser]]></FromUserName><CreateTime>12345678</CreateTime>"
          + "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[Hello 你好 😀]]></Content></xml>";
  static final String XML = "text/xml; charset=utf-8";
  static final String HANG = "/hang";
  static final String DOWN = "/down";
  private final long hangMillis;
  private final Map<String, AtomicInteger> taken = new ConcurrentHashMap<>();
  private volatile boolean down;

  BenchUdesk(long hangMillis) {
    super("udesk");
    this.hangMillis = hangMillis;
  }

  @Override
  protected void handle(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    if (body.length < 6 || body[0] != '<') {
      malformed();
    }
    if (exchange.getRequestURI().getPath().startsWith(DOWN)) {
      try (exchange) {
        if (down) {
          answer(exchange, 503, "text/plain", "down");
        } else {
          taken.computeIfAbsent(msgId(body), id -> new AtomicInteger()).incrementAndGet();
          answer(exchange, 200, "text/plain", "success");
        }
      }
      return;
    }
    if (exchange.getRequestURI().getPath().startsWith(HANG)) {
      hold(exchange, hangMillis, 200, XML, "");
      return;
    }
    try (exchange) {
      answer(exchange, 200, XML, REPLY);
    }
  }

  void down(boolean down) {
    this.down = down;
  }

  /** MsgIds taken under {@link #DOWN}. */
  int takenOnce() {
    return taken.size();
  }

  /** Deliveries under {@link #DOWN} of a MsgId taken before. */
  int takenAgain() {
    return taken.values().stream().mapToInt(n -> n.get() - 1).sum();
  }

  private static String msgId(byte[] body) {
    String xml = new String(body, StandardCharsets.UTF_8);
    int start = xml.indexOf("<MsgId>");
    int end = xml.indexOf("</MsgId>");
    return start < 0 || end < start ? xml : xml.substring(start + 7, end);
  }
}
