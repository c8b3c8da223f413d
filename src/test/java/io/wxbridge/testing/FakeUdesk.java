package io.wxbridge.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Udesk's message URL ("Management Center > Channel Management > WeChat > URL"): receives the
 * WeChat XML the bridge forwards and answers as Udesk does, empty or with a passive-reply XML.
 *
 * <p>All integration checks share this one fake and run side by side, so each push chooses Udesk's
 * answer itself: a test puts one of the markers below anywhere in its message ({@code
 * WeChatMessages.of(kind, FakeUdesk.MARK_REPLY)} puts it in FromUserName). This list is the only
 * place the markers are defined; tests refer to the constants, never to the strings.
 *
 * <ul>
 *   <li>{@link #MARK_REPLY}: the passive reply {@link #REPLY} at once;
 *   <li>{@link #MARK_LATE}: {@link #REPLY} after 1 s, within the bridge's deadline;
 *   <li>{@link #MARK_SLOW}: {@link #REPLY} after 6 s, past the bridge's deadline and WeChat's 5 s;
 *   <li>{@link #MARK_ERROR}: HTTP 500 with an HTML page;
 *   <li>{@link #MARK_HUGE_FAULT}: HTTP 500 announcing a 4 GiB page, 1 MiB of it sent;
 *   <li>{@link #MARK_HUGE}: a 2 MiB XML answer, past the bridge's 256 KiB read limit;
 *   <li>{@link #MARK_GARBAGE}: 200 with JSON, not XML;
 *   <li>{@link #MARK_NOT_REPLY}: 200 with XML that is not a passive reply;
 *   <li>{@link #MARK_DROP_ONCE}: the first time, the connection closes without an answer; then
 *       {@link #REPLY};
 *   <li>{@link #MARK_SUCCESS}: 200 with the body {@code success};
 *   <li>{@link #MARK_GBK}: {@link #GBK_REPLY} in GBK, declared so, labelled {@code text/xml}
 *       without a charset;
 *   <li>{@link #MARK_EMPTY}, or no marker at all: 200 with an empty body;
 *   <li>{@link #MARK_GATHER}: {@link #REPLY} once {@link #gather} forwards so marked are here at
 *       once, or after 3 s; {@link #gatheredAtOnce} tells how many were here at once at most.
 * </ul>
 *
 * <p>The inbox's markers answer a text reply addressed to the message's sender ({@link #replyTo}),
 * so a test finds its own customer-service message: inbox:reply (at once), inbox:late6 (after 6 s),
 * inbox:late1 (after 1 s), inbox:hangonce (the first time a message comes, no answer for 12 s, past
 * the inbox's late-reply timeout; then at once), inbox:refuse anywhere in the text (HTTP 400, every
 * time).
 */
public final class FakeUdesk extends FakeServer {
  public static final String REPLY =
      "<xml><ToUserName><![CDATA[fromUser]]></ToUserName>"
          + "<FromUserName><![CDATA[toUser]]></FromUserName><CreateTime>12345678</CreateTime>"
          + "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[Hello 你好 😀]]></Content></xml>";

  public static final String MARK_REPLY = "udesk:reply";
  public static final String MARK_GBK = "udesk:gbk";

  /** A passive reply as a server that writes GBK sends it (the declaration is part of it). */
  public static final String GBK_REPLY =
      "<?xml version=\"1.0\" encoding=\"GBK\"?><xml><ToUserName><![CDATA[fromUser]]></ToUserName>"
          + "<FromUserName><![CDATA[toUser]]></FromUserName><CreateTime>12345678</CreateTime>"
          + "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[您好，客服为您服务]]></Content></xml>";

  public static final String MARK_LATE = "udesk:late";
  public static final String MARK_SLOW = "udesk:slow";
  public static final String MARK_ERROR = "udesk:error";
  public static final String MARK_HUGE = "udesk:huge";
  public static final String MARK_GARBAGE = "udesk:garbage";
  public static final String MARK_NOT_REPLY = "udesk:notreply";
  public static final String MARK_SUCCESS = "udesk:success";
  public static final String MARK_EMPTY = "udesk:empty";

  /**
   * HTTP 500 with an error page of {@link #HUGE_FAULT_DECLARED_BYTES} announced, of which 1 MiB
   * comes before the connection closes: read whole, it would not fit the bridge's heap.
   */
  public static final String MARK_HUGE_FAULT = "udesk:vastfault";

  public static final long HUGE_FAULT_DECLARED_BYTES = 4L << 30;

  /** A reply that breaks off: more bytes announced than sent, then the connection closes. */
  public static final String MARK_CUT = "udesk:cut";

  /**
   * The first time a message comes, the connection closes before any answer (as when Udesk's server
   * closed a kept-alive connection just as the push went out); then {@link #REPLY}.
   */
  public static final String MARK_DROP_ONCE = "udesk:droponce";

  public static final String MARK_GATHER = "udesk:gather";

  private static final long GATHER_MILLIS = 3_000;
  private final java.util.concurrent.atomic.AtomicInteger gatherHere =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger gatherPeak =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile int gatherTarget;

  /** The next {@link #MARK_GATHER} forwards are held until {@code atOnce} of them are here. */
  public void gather(int atOnce) {
    gatherPeak.set(0);
    gatherTarget = atOnce;
  }

  /** The most {@link #MARK_GATHER} forwards that were here at once since {@link #gather}. */
  public int gatheredAtOnce() {
    return gatherPeak.get();
  }

  private static final java.util.regex.Pattern SENDER =
      java.util.regex.Pattern.compile("<FromUserName><!\\[CDATA\\[([^]]*)]]>");
  private final java.util.Set<String> hungOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final java.util.Set<String> droppedOnce =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** The text reply the inbox markers answer: to the message's sender, saying whom it answers. */
  public static String replyTo(String sender) {
    return "<xml><ToUserName><![CDATA["
        + sender
        + "]]></ToUserName><FromUserName><![CDATA[gh_e136c6e50636]]>"
        + "</FromUserName><CreateTime>12345678</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        + "<Content><![CDATA[answer to "
        + sender
        + "]]></Content></xml>";
  }

  @Override
  protected void handle(HttpExchange exchange) throws IOException {
    String body = record(exchange).bodyText();
    if (body.contains("inbox:")) {
      java.util.regex.Matcher sender = SENDER.matcher(body);
      String reply = replyTo(sender.find() ? sender.group(1) : "");
      if (body.contains("inbox:refuse")) {
        answer(exchange, 400, "<html><body>Bad Request</body></html>");
        return;
      }
      if (body.contains("inbox:late6")) {
        sleep(6_000);
      } else if (body.contains("inbox:late1")) {
        sleep(1_000);
      } else if (body.contains("inbox:hangonce") && hungOnce.add(body)) {
        sleep(12_000);
      }
      answer(exchange, 200, reply);
    } else if (body.contains(MARK_SLOW)) {
      sleep(6_000);
      answer(exchange, 200, REPLY);
    } else if (body.contains(MARK_LATE)) {
      sleep(1_000);
      answer(exchange, 200, REPLY);
    } else if (body.contains(MARK_REPLY)) {
      answer(exchange, 200, REPLY);
    } else if (body.contains(MARK_ERROR)) {
      answer(exchange, 500, "<html><body>Internal Server Error</body></html>");
    } else if (body.contains(MARK_HUGE)) {
      answer(exchange, 200, "<xml>" + "x".repeat(2 << 20) + "</xml>");
    } else if (body.contains(MARK_DROP_ONCE)) {
      if (droppedOnce.add(body)) {
        throw new DropConnection();
      }
      answer(exchange, 200, REPLY);
    } else if (body.contains(MARK_HUGE_FAULT)) {
      exchange.getResponseHeaders().set("Content-Type", "text/html");
      exchange.sendResponseHeaders(500, HUGE_FAULT_DECLARED_BYTES);
      OutputStream page = exchange.getResponseBody();
      page.write(new byte[1 << 20]);
      page.flush();
      throw new DropConnection();
    } else if (body.contains(MARK_CUT)) {
      cutOff(exchange, "text/xml; charset=utf-8", REPLY.getBytes(StandardCharsets.UTF_8));
    } else if (body.contains(MARK_GARBAGE)) {
      answer(exchange, 200, "{\"ok\":true}");
    } else if (body.contains(MARK_NOT_REPLY)) {
      answer(exchange, 200, "<html><body>hello</body></html>");
    } else if (body.contains(MARK_GATHER)) {
      gatherPeak.accumulateAndGet(gatherHere.incrementAndGet(), Math::max);
      long deadline = System.nanoTime() + GATHER_MILLIS * 1_000_000;
      while (gatherPeak.get() < gatherTarget && System.nanoTime() < deadline) {
        sleep(10);
      }
      gatherHere.decrementAndGet();
      answer(exchange, 200, REPLY);
    } else if (body.contains(MARK_GBK)) {
      byte[] gbk = GBK_REPLY.getBytes(java.nio.charset.Charset.forName("GBK"));
      exchange.getResponseHeaders().set("Content-Type", "text/xml");
      exchange.sendResponseHeaders(200, gbk.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(gbk);
      }
    } else if (body.contains(MARK_SUCCESS)) {
      answer(exchange, 200, "success");
    } else {
      answer(exchange, 200, "");
    }
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/xml; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
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
