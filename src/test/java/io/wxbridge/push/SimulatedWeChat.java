package io.wxbridge.push;

import io.wxbridge.testing.TestBridge;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;

/**
 * Plays WeChat against the bridge over real HTTP: signs pushes as WeChat does and, in compatible
 * and safe mode, encrypts them with an independent implementation of WeChat's crypto (WxJava), so
 * the bridge is never tested against itself.
 */
public final class SimulatedWeChat {
  private SimulatedWeChat() {}

  /** One call to the bridge and what came back. */
  public record Sent(
      HttpResponse<byte[]> response, Duration elapsed, String timestamp, String nonce) {
    public int status() {
      return response.statusCode();
    }

    public String body() {
      return new String(response.body(), StandardCharsets.UTF_8);
    }
  }

  /**
   * A push of {@code message} in {@code mode}, signed and encrypted correctly for {@code account}.
   */
  public static Sent push(WeChatAccount account, PushMode mode, String message) {
    if (mode == PushMode.PLAINTEXT) {
      Map<String, String> query = signedQuery(account, timestamp(), nonce());
      return post(account.appId(), query, message.getBytes(StandardCharsets.UTF_8));
    }
    return encrypted(account, account.wxJava(), mode, message);
  }

  /** An encrypted push whose ciphertext {@code crypto} made (another key, another AppID...). */
  public static Sent encrypted(
      WeChatAccount account, WxCryptUtil crypto, PushMode mode, String message) {
    WxCryptUtil.EncryptContext sealed = crypto.encryptContext(message);
    Map<String, String> query = signedQuery(account, sealed.getTimeStamp(), sealed.getNonce());
    query.put("encrypt_type", "aes");
    query.put("msg_signature", sealed.getSignature());
    return post(
        account.appId(),
        query,
        body(mode, message, sealed.getEncrypt()).getBytes(StandardCharsets.UTF_8));
  }

  /** The body WeChat sends in an encrypted mode. */
  public static String body(PushMode mode, String message, String encrypt) {
    String element = "<Encrypt><![CDATA[" + encrypt + "]]></Encrypt>";
    if (mode == PushMode.COMPATIBLE) {
      return message.substring(0, message.lastIndexOf("</xml>")) + element + "\n</xml>";
    }
    return "<xml>\n<ToUserName><![CDATA[gh_e136c6e50636]]></ToUserName>\n" + element + "\n</xml>";
  }

  /** signature, timestamp, nonce and openid, as on every push. */
  public static Map<String, String> signedQuery(
      WeChatAccount account, String timestamp, String nonce) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("signature", SHA1.gen(account.token(), timestamp, nonce));
    query.put("timestamp", timestamp);
    query.put("nonce", nonce);
    query.put("openid", "oWeChatUser000000000000000");
    return query;
  }

  public static Sent post(String appId, Map<String, String> query, byte[] body) {
    return post(appId, query, body, "text/xml");
  }

  /** A push with another Content-Type, or none when {@code contentType} is empty. */
  public static Sent post(
      String appId, Map<String, String> query, byte[] body, String contentType) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(appId, query))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (!contentType.isEmpty()) {
      request.header("Content-Type", contentType);
    }
    return send(request, query);
  }

  /** The same, without a Content-Length: the body is sent chunked. */
  public static Sent postChunked(String appId, Map<String, String> query, byte[] body) {
    return send(
        HttpRequest.newBuilder(uri(appId, query))
            .header("Content-Type", "text/xml")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))),
        query);
  }

  public static Sent get(String appId, Map<String, String> query) {
    return send(HttpRequest.newBuilder(uri(appId, query)).GET(), query);
  }

  private static Sent send(HttpRequest.Builder request, Map<String, String> query) {
    long started = System.nanoTime();
    try {
      HttpResponse<byte[]> response =
          TestBridge.http()
              .send(
                  request.timeout(Duration.ofSeconds(15)).build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      return new Sent(
          response,
          Duration.ofNanos(System.nanoTime() - started),
          query.get("timestamp"),
          query.get("nonce"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("the bridge did not answer", e);
    }
  }

  public static URI uri(String appId, Map<String, String> query) {
    String queryString =
        query.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return TestBridge.url("/wechat/" + appId + (queryString.isEmpty() ? "" : "?" + queryString));
  }

  public static String timestamp() {
    return Long.toString(System.currentTimeMillis() / 1000);
  }

  /**
   * A nonce of WeChat's shape (9–10 digits), never the same twice in a run: random ones met in the
   * same second at the benchmark's rates (a few thousand pushes a second), and the bridge refuses
   * the second body of a signed query as a replay.
   */
  public static String nonce() {
    return Long.toString(NONCES.getAndIncrement());
  }

  private static final AtomicLong NONCES =
      new AtomicLong(ThreadLocalRandom.current().nextLong(100_000_000L, 5_000_000_000L));
}
