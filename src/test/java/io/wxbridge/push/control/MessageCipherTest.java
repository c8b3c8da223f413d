package io.wxbridge.push.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.accounts.entity.EncodingAesKey;
import io.wxbridge.push.WeChatAccount;
import io.wxbridge.push.entity.DecryptedMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * WeChat's message crypto against the published vectors (docs/protocol.md §2) and against WxJava.
 */
class MessageCipherTest {
  static final String V1_MESSAGE = "我是中文abcd123";
  static final String V1_ENCRYPT =
      "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==";
  static final String V1_VIDEO_REPLY =
      "<xml><ToUserName><![CDATA[oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw]]></ToUserName>"
          + "<FromUserName><![CDATA[gh_7f083739789a]]></FromUserName><CreateTime>1407743423</CreateTime>"
          + "<MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6"
          + "Gs2Ed1KF3ulAOA9H1xG0]]></MediaId><Title><![CDATA[testCallBackReplyVideo]]></Title><Description><![CDATA["
          + "testCallBackReplyVideo]]></Description></Video></xml>";
  static final String V1_VIDEO_ENCRYPT =
      "jn1L23DB+6ELqJ+6bruv23M2GmYfkv0xBh2h+XTBOKVKcgDFHle6gqcZ1cZrk3e1qjPQ1F4R"
          + "sLWzQRG9udbKWesxlkupqcEcW7ZQweImX9+wLMa0GaUzpkycA8+IamDBxn5loLgZpnS7fVAbExOkK5DYHBmv5tptA9tklE/fTIILHR8H"
          + "LXa5nQvFb3tYPKAlHF3rtTeayNf0QuM+UW/wM9enGIDIJHF7CLHiDNAYxr+r+OrJCmPQyTy8cVWlu9iSvOHPT/77bZqJucQHQ04sq7KZ"
          + "I27OcqpQNSto2OdHCoTccjggX5Z9Mma0nMJBU+jLKJ38YB1fBIz+vBzsYjrTmFQ44YfeEuZ+xRTQwr92vhA9OxchWVINGC50qE/6lmkw"
          + "WTwGX9wtQpsJKhP+oS7rvTY8+VdzETdfakjkwQ5/Xka042OlUb1/slTwo4RscuQ+RdxSGvDahxAJ6+EAjLt9d8igHngxIbf6YyqqROxu"
          + "xqIeIch3CssH/LqRs+iAcILvApYZckqmA7FNERspKA5f8GoJ9sv8xmGvZ9Yrf57cExWtnX8aCMMaBropU/1k+hKP5LVdzbWCG0hGwx/d"
          + "QudYR/eXp3P0XxjlFiy+9DMlaFExWUZQDajPkdPrEeOwofJb";
  static final String V3_INBOUND =
      "+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQM"
          + "kUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMc"
          + "p3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7"
          + "F9mFUPAJGj04=";
  static final String V3_INBOUND_MESSAGE =
      "{\"ToUserName\":\"gh_97417a04a28d\",\"FromUserName\":\"o9AgO5Kd5ggOC-bXrbNOD"
          + "IiE3bGY\",\"CreateTime\":1714112445,\"MsgType\":\"event\",\"Event\":\"debug_demo\",\"debug_str\":\"hello world\"}";
  static final String V3_REPLY =
      "ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ==";

  private final MessageCipher cipher = new MessageCipher();

  @Test
  void encryptsVectorV1WithItsFixedRandom() {
    assertEquals(
        V1_ENCRYPT,
        cipher.encrypt(
            utf8(V1_MESSAGE),
            appId(WeChatAccount.V1),
            key(WeChatAccount.V1),
            ascii("aaaabbbbccccdddd")));
    assertEquals(
        V1_VIDEO_ENCRYPT,
        cipher.encrypt(
            utf8(V1_VIDEO_REPLY),
            appId(WeChatAccount.V1),
            key(WeChatAccount.V1),
            ascii("aaaabbbbccccdddd")));
  }

  @Test
  void decryptsVectorV1() {
    assertEquals(
        V1_MESSAGE,
        text(cipher.decrypt(V1_ENCRYPT, appId(WeChatAccount.V1), keys(WeChatAccount.V1))));
    assertEquals(
        V1_VIDEO_REPLY,
        text(cipher.decrypt(V1_VIDEO_ENCRYPT, appId(WeChatAccount.V1), keys(WeChatAccount.V1))));
  }

  @Test
  void decryptsVectorV3WhosePaddingIsLongerThanAnAesBlock() throws Exception {
    byte[] plain = rawDecrypt(V3_INBOUND, key(WeChatAccount.V3));
    assertEquals(19, plain[plain.length - 1], "the published inbound vector has a 19-byte pad");

    assertEquals(
        V3_INBOUND_MESSAGE,
        text(cipher.decrypt(V3_INBOUND, appId(WeChatAccount.V3), keys(WeChatAccount.V3))));
    assertEquals(
        "{\"demo_resp\":\"good luck\"}",
        text(cipher.decrypt(V3_REPLY, appId(WeChatAccount.V3), keys(WeChatAccount.V3))));
  }

  @Test
  void encryptsVectorV3WithItsRandomPrefix() throws Exception {
    assertEquals("a8eedb185eb2fecf", new String(prefix(V3_INBOUND), StandardCharsets.US_ASCII));
    assertEquals(
        V3_INBOUND,
        cipher.encrypt(
            utf8(V3_INBOUND_MESSAGE),
            appId(WeChatAccount.V3),
            key(WeChatAccount.V3),
            prefix(V3_INBOUND)));
    assertEquals(
        V3_REPLY,
        cipher.encrypt(
            utf8("{\"demo_resp\":\"good luck\"}"),
            appId(WeChatAccount.V3),
            key(WeChatAccount.V3),
            prefix(V3_REPLY)));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 11, 12, 13, 27, 28, 29, 43, 44, 60, 100, 4096})
  void roundTripsEveryPaddingLength(int length) {
    byte[] message = utf8("中".repeat(length / 3) + "x".repeat(length % 3));
    String encrypt = cipher.encrypt(message, appId(WeChatAccount.AES), key(WeChatAccount.AES));
    assertEquals(0, Base64.getDecoder().decode(encrypt).length % 32, "padded to 32-byte blocks");
    assertArrayEquals(
        message,
        cipher.decrypt(encrypt, appId(WeChatAccount.AES), keys(WeChatAccount.AES)).message());
  }

  @Test
  void usesAFreshRandomPrefixEachTime() {
    byte[] message = utf8("<xml/>");
    assertNotEquals(
        cipher.encrypt(message, appId(WeChatAccount.AES), key(WeChatAccount.AES)),
        cipher.encrypt(message, appId(WeChatAccount.AES), key(WeChatAccount.AES)));
  }

  @Test
  void decryptsWhatWxJavaEncrypts() {
    String message = "<xml><Content><![CDATA[你好 😀 & <b>]]></Content></xml>";
    String encrypt = WeChatAccount.AES.wxJava().encryptContext(message).getEncrypt();
    assertEquals(
        message, text(cipher.decrypt(encrypt, appId(WeChatAccount.AES), keys(WeChatAccount.AES))));
  }

  @Test
  void wxJavaDecryptsWhatWeEncrypt() {
    String message = "<xml><Content><![CDATA[回复 😀]]></Content></xml>";
    String encrypt =
        cipher.encrypt(utf8(message), appId(WeChatAccount.AES), key(WeChatAccount.AES));
    assertEquals(message, WeChatAccount.AES.wxJava().decrypt(encrypt));
  }

  @Test
  void triesThePreviousKeyWhenTheCurrentOneFails() {
    String encrypt =
        WeChatAccount.AES.wxJavaWithPreviousKey().encryptContext("<xml>old key</xml>").getEncrypt();
    DecryptedMessage opened =
        cipher.decrypt(encrypt, appId(WeChatAccount.AES), keys(WeChatAccount.AES));
    assertEquals("<xml>old key</xml>", text(opened));
    assertEquals(
        EncodingAesKey.parse(WeChatAccount.AES.previousAesKey()),
        opened.key(),
        "replies use the key that opened the push");
  }

  @Test
  void refusesAMessageForAnotherAppId() {
    String encrypt =
        cipher.encrypt(utf8("<xml/>"), new AppId("wxsomeoneelse0001"), key(WeChatAccount.AES));
    PushRejectedException refused =
        assertThrows(
            PushRejectedException.class,
            () -> cipher.decrypt(encrypt, appId(WeChatAccount.AES), keys(WeChatAccount.AES)));
    assertEquals(400, refused.status());
    assertEquals(PushRejectedException.APPID_MISMATCH, refused.errcode());
  }

  @Test
  void refusesCiphertextNoKeyOpens() {
    String encrypt = WeChatAccount.ENCRYPTED_ONLY.wxJava().encryptContext("<xml/>").getEncrypt();
    PushRejectedException refused =
        assertThrows(
            PushRejectedException.class,
            () ->
                cipher.decrypt(
                    encrypt, appId(WeChatAccount.ENCRYPTED_ONLY), keys(WeChatAccount.AES)));
    assertEquals(400, refused.status());
    assertEquals(PushRejectedException.DECRYPT_ERROR, refused.errcode());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "not base64!", "AAAA", "YWJjZGVmZ2hpamtsbW5vcA", "YWJjZGVmZ2hpamtsbW5vcA=="})
  void refusesWhatIsNoCiphertext(String encrypt) {
    assertEquals(
        400,
        assertThrows(
                PushRejectedException.class,
                () -> cipher.decrypt(encrypt, appId(WeChatAccount.AES), keys(WeChatAccount.AES)))
            .status());
  }

  @Test
  void refusesATamperedCiphertext() {
    byte[] bytes = Base64.getDecoder().decode(V1_ENCRYPT);
    bytes[bytes.length - 1] ^= 1;
    String tampered = Base64.getEncoder().encodeToString(bytes);
    assertThrows(
        PushRejectedException.class,
        () -> cipher.decrypt(tampered, appId(WeChatAccount.V1), keys(WeChatAccount.V1)));
  }

  private static AppId appId(WeChatAccount account) {
    return new AppId(account.appId());
  }

  private static EncodingAesKey key(WeChatAccount account) {
    return EncodingAesKey.parse(account.aesKey());
  }

  private static List<EncodingAesKey> keys(WeChatAccount account) {
    return account.asConfigured().aesKeys();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static String text(DecryptedMessage decrypted) {
    return new String(decrypted.message(), StandardCharsets.UTF_8);
  }

  private static byte[] prefix(String encrypt) throws Exception {
    return Arrays.copyOf(rawDecrypt(encrypt, key(WeChatAccount.V3)), 16);
  }

  /** Plain JDK AES without any of our code, to look at a vector's random prefix and padding. */
  private static byte[] rawDecrypt(String encrypt, EncodingAesKey key) throws Exception {
    Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
    aes.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(key.bytes(), "AES"),
        new IvParameterSpec(key.bytes(), 0, 16));
    return aes.doFinal(Base64.getDecoder().decode(encrypt));
  }
}
