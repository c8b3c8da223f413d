package io.wxbridge.benchmark;

import com.sun.net.httpserver.HttpExchange;
import io.wxbridge.push.WeChatMessages;
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
  static final String DIRECT = "/weixin/direct";
  static final String TRIVIAL = "/weixin/trivial";
  static final String HANG = "/hang";
  static final String DOWN = "/down";

  /**
   * The text of every benchmark push, as UTF-8: a relay that re-encodes it (Spring's RestTemplate
   * sends a String as ISO-8859-1 unless told otherwise) delivers something else.
   */
  private static final byte[] TEXT = content(WeChatMessages.of(WeChatMessages.TEXT, "bench"));

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
    if (body.length < 6 || body[0] != '<' || !passedOn(exchange) && indexOf(body, TEXT) < 0) {
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

  /**
   * The direct path and the trivial relay hand WeChat's body on as it came (encrypted in safe
   * mode); the bridge and the naive relay decrypt it.
   */
  private static boolean passedOn(HttpExchange exchange) {
    String path = exchange.getRequestURI().getPath();
    return path.equals(DIRECT) || path.equals(TRIVIAL);
  }

  private static byte[] content(String push) {
    String start = "<Content><![CDATA[";
    int from = push.indexOf(start) + start.length();
    return push.substring(from, push.indexOf("]]>", from)).getBytes(StandardCharsets.UTF_8);
  }

  private static int indexOf(byte[] body, byte[] part) {
    outer:
    for (int i = 0; i + part.length <= body.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (body[i + j] != part[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static String msgId(byte[] body) {
    String xml = new String(body, StandardCharsets.UTF_8);
    int start = xml.indexOf("<MsgId>");
    int end = xml.indexOf("</MsgId>");
    return start < 0 || end < start ? xml : xml.substring(start + 7, end);
  }
}
