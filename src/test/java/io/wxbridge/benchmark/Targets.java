package io.wxbridge.benchmark;

import io.wxbridge.push.PushMode;
import io.wxbridge.push.SimulatedWeChat;
import io.wxbridge.push.WeChatAccount;
import io.wxbridge.push.WeChatMessages;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;

/**
 * The requests of every scenario, for each path: straight to the fake upstream, through the trivial
 * relay, through the bridge, and (pushes and sends only) through the naive relay. Pushes are signed
 * (and in safe mode encrypted) per request with an independent implementation of WeChat's crypto
 * (WxJava), each with a new MsgId.
 */
final class Targets {
  /** The ways a request can reach the fake upstream. */
  enum Way {
    DIRECT("direct"),
    TRIVIAL("trivial relay"),
    BRIDGE("bridge"),
    /** Pushes and sends only: issue 9's target compares pushes with it. */
    NAIVE("naive relay");

    final String label;

    Way(String label) {
      this.label = label;
    }
  }

  static final WeChatAccount PLAIN =
      new WeChatAccount("wxbenchplain0001", "benchPlainTok3n", null, null, false);
  static final WeChatAccount SAFE =
      new WeChatAccount(
          "wxbenchaes000001",
          "benchAesTok3n",
          "BenchAesKey0123456789abcdefghijABCDEFGHIJKL",
          null,
          false);
  static final WeChatAccount UDESK_HANGS =
      new WeChatAccount("wxbenchudhang001", "benchUdeskHangTok3n", null, null, false);
  static final WeChatAccount UDESK_DOWN =
      new WeChatAccount("wxbenchdown00001", "benchDownTok3n", null, null, false);
  static final String API = "wxbenchapi000001";
  static final String WECHAT_HANGS = "wxbenchwxhang001";

  /** The placeholder Udesk puts on media downloads; the bridge replaces it. */
  static final String UDESK_PLACEHOLDER_TOKEN = "UDESK_VIRTUAL_ACCESS_TOKEN";

  private static final String DIRECT_TOKEN = "access_token=bench-direct";
  private static final String BOUNDARY = "------------------------benchb0undary7f3e";

  /** One answer in this many is decrypted and checked in full; all are checked for their shape. */
  private static final int DECRYPT_EVERY = 64;

  private static final Pattern REPLY_FIELD =
      Pattern.compile("<(MsgSignature|TimeStamp|Nonce)>(?:<!\\[CDATA\\[)?([^<\\]]*)");

  private final URI payara;
  private final URI naive;
  private final BenchUdesk udesk;
  private final BenchWeChat wechat;
  private final long mediaBytes;
  private final byte[] multipart;
  private final ThreadLocal<WxCryptUtil> safeCrypto = ThreadLocal.withInitial(SAFE::wxJava);

  Targets(URI payara, URI naive, BenchUdesk udesk, BenchWeChat wechat, long mediaBytes) {
    this.payara = payara;
    this.naive = naive;
    this.udesk = udesk;
    this.wechat = wechat;
    this.mediaBytes = mediaBytes;
    this.multipart = multipart(mediaBytes);
  }

  /** What curl -F media=@bench.mp4 sends, built once and sent by every upload. */
  private static byte[] multipart(long length) {
    ByteArrayOutputStream body = new ByteArrayOutputStream((int) length + 512);
    body.writeBytes(
        ("--"
                + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\"bench.mp4\""
                + "\r\nContent-Type: video/mp4\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    byte[] file = new byte[(int) length];
    for (int i = 0; i < file.length; i++) {
      file[i] = (byte) (i * 31 + (i >>> 13));
    }
    body.writeBytes(file);
    body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return body.toByteArray();
  }

  private URI payara(String pathAndQuery) {
    return payara.resolve(pathAndQuery);
  }

  // ---- pushes --------------------------------------------------------------------------------

  IntFunction<Call> push(Way way, PushMode mode) {
    WeChatAccount account = mode == PushMode.PLAINTEXT ? PLAIN : SAFE;
    return i -> {
      String message = WeChatMessages.of(WeChatMessages.TEXT, "bench");
      Map<String, String> query;
      String body;
      if (mode == PushMode.PLAINTEXT) {
        query =
            SimulatedWeChat.signedQuery(
                account, SimulatedWeChat.timestamp(), SimulatedWeChat.nonce());
        body = message;
      } else {
        WxCryptUtil.EncryptContext sealed = safeCrypto.get().encryptContext(message);
        query = SimulatedWeChat.signedQuery(account, sealed.getTimeStamp(), sealed.getNonce());
        query.put("encrypt_type", "aes");
        query.put("msg_signature", sealed.getSignature());
        body = SimulatedWeChat.body(mode, message, sealed.getEncrypt());
      }
      String q = "?" + query(query);
      URI uri =
          switch (way) {
            case DIRECT -> udesk.url(BenchUdesk.DIRECT + q);
            case TRIVIAL -> payara("/relay/trivial/push" + q);
            case BRIDGE -> payara("/wechat/" + account.appId() + q);
            case NAIVE -> naive.resolve("/wechat/" + account.appId() + q);
          };
      Predicate<Call.Answer> expected =
          way == Way.DIRECT || way == Way.TRIVIAL
              ? a -> a.ok() && a.body().equals(BenchUdesk.REPLY)
              : mode == PushMode.PLAINTEXT
                  ? a -> a.ok() && a.body().contains("Hello 你好 😀")
                  : a ->
                      a.ok()
                          && a.body().contains("<Encrypt>")
                          && (i % DECRYPT_EVERY != 0 || decrypts(a.body()));
      return Call.post(uri, "text/xml", body.getBytes(StandardCharsets.UTF_8), expected);
    };
  }

  /**
   * The bridge's encrypted reply carries Udesk's reply, signed for the account (checked by WxJava).
   */
  private boolean decrypts(String reply) {
    Matcher field = REPLY_FIELD.matcher(reply);
    Map<String, String> fields = new java.util.HashMap<>();
    while (field.find()) {
      fields.put(field.group(1), field.group(2));
    }
    return safeCrypto
        .get()
        .decryptXml(fields.get("MsgSignature"), fields.get("TimeStamp"), fields.get("Nonce"), reply)
        .contains("Hello 你好 😀");
  }

  /** Pushes to the account whose Udesk hangs: the bridge must still answer (its fallback). */
  IntFunction<Call> pushWhileUdeskHangs() {
    return plaintextPush(UDESK_HANGS, "bench-hang");
  }

  /** A plaintext push (unique sender and MsgId) for the account whose Udesk is down. */
  IntFunction<Call> pushWhileUdeskIsDown() {
    return plaintextPush(UDESK_DOWN, "bench-down");
  }

  private IntFunction<Call> plaintextPush(WeChatAccount account, String marker) {
    return i -> {
      String message = WeChatMessages.of(WeChatMessages.TEXT, marker);
      Map<String, String> query =
          SimulatedWeChat.signedQuery(
              account, SimulatedWeChat.timestamp(), SimulatedWeChat.nonce());
      return Call.post(
          payara("/wechat/" + account.appId() + "?" + query(query)),
          "text/xml",
          message.getBytes(StandardCharsets.UTF_8),
          Call.Answer::ok);
    };
  }

  // ---- Udesk's calls to WeChat ------------------------------------------------------------------

  /** A customer-service text: Udesk's form to the bridge, WeChat's JSON to the others. */
  IntFunction<Call> send(Way way) {
    return i -> {
      if (way == Way.BRIDGE || way == Way.NAIVE) {
        return Call.post(
            way == Way.BRIDGE ? payara("/udesk/" + API) : naive.resolve("/udesk/" + API),
            "application/x-www-form-urlencoded",
            form(i),
            a -> a.ok() && a.body().contains("\"errcode\":0"));
      }
      URI uri =
          way == Way.DIRECT
              ? wechat.url(BenchWeChat.SEND + "?" + DIRECT_TOKEN)
              : payara("/relay/trivial/send?" + DIRECT_TOKEN);
      return Call.post(
          uri, "application/json", json(i), a -> a.ok() && a.body().contains("\"errcode\":0"));
    };
  }

  /**
   * Customer-service sends to the account whose WeChat API hangs: any answer will do, none is
   * expected soon.
   */
  IntFunction<Call> sendWhileWeChatHangs() {
    return i ->
        Call.post(
            payara("/udesk/" + WECHAT_HANGS),
            "application/x-www-form-urlencoded",
            form(i),
            a -> a.failure() == null);
  }

  private static byte[] form(int i) {
    return ("touser=oBenchUser"
            + i
            + "&msgtype=text&"
            + encoded("text[content]")
            + "="
            + encoded("你好 bench " + i))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] json(int i) {
    return ("{\"touser\":\"oBenchUser"
            + i
            + "\",\"msgtype\":\"text\",\"text\":{\"content\":\"你好 bench "
            + i
            + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  // ---- media -----------------------------------------------------------------------------------

  IntFunction<Call> download(Way way) {
    String mediaId = BenchWeChat.mediaId(mediaBytes);
    URI uri =
        switch (way) {
          case DIRECT ->
              wechat.url(BenchWeChat.MEDIA_GET + "?" + DIRECT_TOKEN + "&media_id=" + mediaId);
          case TRIVIAL -> payara("/relay/trivial/media?" + DIRECT_TOKEN + "&media_id=" + mediaId);
          case BRIDGE ->
              payara(
                  "/udesk/"
                      + API
                      + "?media_id="
                      + mediaId
                      + "&access_token="
                      + UDESK_PLACEHOLDER_TOKEN);
          case NAIVE -> throw new IllegalArgumentException(NO_NAIVE_MEDIA);
        };
    return i -> Call.get(uri, true, a -> a.ok() && a.bytes() == mediaBytes);
  }

  IntFunction<Call> upload(Way way) {
    URI uri =
        switch (way) {
          case DIRECT -> wechat.url(BenchWeChat.MEDIA_UPLOAD + "?" + DIRECT_TOKEN + "&type=video");
          case TRIVIAL -> payara("/relay/trivial/upload?" + DIRECT_TOKEN + "&type=video");
          case BRIDGE -> payara("/udesk/" + API + "?type=video");
          case NAIVE -> throw new IllegalArgumentException(NO_NAIVE_MEDIA);
        };
    return i ->
        Call.post(
            uri,
            "multipart/form-data; boundary=" + BOUNDARY,
            multipart,
            a -> a.ok() && a.body().contains("\"media_id\""));
  }

  private static final String NO_NAIVE_MEDIA = "the naive relay is measured on pushes and sends";

  /**
   * The naive relay's accounts (NaiveRelayController): the ones its scenarios use (the fake WeChat
   * API gives a token for any secret).
   */
  static String naiveAccounts() {
    return String.join(
        ",",
        PLAIN.appId() + "/" + PLAIN.token() + "/-/naive-secret",
        SAFE.appId() + "/" + SAFE.token() + "/" + SAFE.aesKey() + "/naive-secret",
        API + "/naive-token/-/naive-secret");
  }

  private static String query(Map<String, String> query) {
    return query.entrySet().stream()
        .map(e -> e.getKey() + "=" + encoded(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  private static String encoded(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
