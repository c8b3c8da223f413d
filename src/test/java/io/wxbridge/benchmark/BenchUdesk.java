package io.wxbridge.benchmark;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;

/**
 * Udesk's message URL for the benchmark: answers every forwarded push at once with a passive reply,
 * except under {@link #HANG}, where it holds the answer for {@code hangMillis} (Udesk hanging).
 */
final class BenchUdesk extends BenchServer {
  static final String REPLY =
      "<xml><ToUserName><![CDATA[fromUser]]></ToUserName>"
          + "<FromUserName><![CDATA[toUser]]></FromUserName><CreateTime>12345678</CreateTime>"
          + "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[Hello 你好 😀]]></Content></xml>";
  static final String XML = "text/xml; charset=utf-8";
  static final String HANG = "/hang";
  private final long hangMillis;

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
    if (exchange.getRequestURI().getPath().startsWith(HANG)) {
      hold(exchange, hangMillis, 200, XML, "");
      return;
    }
    try (exchange) {
      answer(exchange, 200, XML, REPLY);
    }
  }
}
