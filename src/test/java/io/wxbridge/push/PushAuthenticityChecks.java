package io.wxbridge.push;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.testing.FakeUdesk;
import io.wxbridge.testing.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Only WeChat's pushes for this account get through: forged signatures, another account's
 * ciphertext and plaintext on an encrypted-only account are refused and never forwarded; a push
 * under the previous key still is (run by BridgeIT).
 */
public abstract class PushAuthenticityChecks {

  @Test
  void refusesAPlaintextPushWithAForgedSignature() {
    String message = WeChatMessages.of(WeChatMessages.TEXT, "forged-plain");
    Map<String, String> query =
        SimulatedWeChat.signedQuery(
            WeChatAccount.PLAIN, SimulatedWeChat.timestamp(), SimulatedWeChat.nonce());
    query.put("signature", SHA1.gen("not-the-token", query.get("timestamp"), query.get("nonce")));

    SimulatedWeChat.Sent sent =
        SimulatedWeChat.post(WeChatAccount.PLAIN.appId(), query, utf8(message));
    assertEquals(401, sent.status());
    assertNotForwarded(message);
  }

  @Test
  void refusesAPlaintextPushSignedForAnotherAccount() {
    String message = WeChatMessages.of(WeChatMessages.TEXT, "other-account");
    Map<String, String> query =
        SimulatedWeChat.signedQuery(
            WeChatAccount.AES, SimulatedWeChat.timestamp(), SimulatedWeChat.nonce());
    assertEquals(
        401, SimulatedWeChat.post(WeChatAccount.PLAIN.appId(), query, utf8(message)).status());
    assertNotForwarded(message);
  }

  @ParameterizedTest(name = "{0} mode")
  @EnumSource(
      value = PushMode.class,
      names = {"COMPATIBLE", "SAFE"})
  void refusesAnEncryptedPushWithAForgedMsgSignature(PushMode mode) {
    String message = WeChatMessages.of(WeChatMessages.TEXT, "forged-aes");
    WxCryptUtil.EncryptContext sealed = WeChatAccount.AES.wxJava().encryptContext(message);
    Map<String, String> query =
        SimulatedWeChat.signedQuery(WeChatAccount.AES, sealed.getTimeStamp(), sealed.getNonce());
    query.put("encrypt_type", "aes");
    query.put(
        "msg_signature",
        SHA1.gen("not-the-token", sealed.getTimeStamp(), sealed.getNonce(), sealed.getEncrypt()));

    SimulatedWeChat.Sent sent =
        SimulatedWeChat.post(
            WeChatAccount.AES.appId(),
            query,
            utf8(SimulatedWeChat.body(mode, message, sealed.getEncrypt())));
    assertEquals(401, sent.status());
    assertNotForwarded(message);
  }

  @Test
  void refusesAnEncryptedPushWhoseCiphertextWasSwapped() {
    String message = WeChatMessages.of(WeChatMessages.TEXT, "swapped");
    WxCryptUtil.EncryptContext signedFor = WeChatAccount.AES.wxJava().encryptContext(message);
    String other =
        WeChatAccount.AES.wxJava().encryptContext(message.replace("你好", "转账")).getEncrypt();
    Map<String, String> query =
        SimulatedWeChat.signedQuery(
            WeChatAccount.AES, signedFor.getTimeStamp(), signedFor.getNonce());
    query.put("encrypt_type", "aes");
    query.put("msg_signature", signedFor.getSignature());

    assertEquals(
        401,
        SimulatedWeChat.post(
                WeChatAccount.AES.appId(),
                query,
                utf8(SimulatedWeChat.body(PushMode.SAFE, message, other)))
            .status());
    assertNotForwarded(message);
  }

  @Test
  void authenticatesAnEncryptedPushByItsMsgSignatureAlone() {
    String message = WeChatMessages.of(WeChatMessages.TEXT, "msg-signature-alone");
    WxCryptUtil.EncryptContext sealed = WeChatAccount.AES.wxJava().encryptContext(message);
    Map<String, String> query =
        SimulatedWeChat.signedQuery(WeChatAccount.AES, sealed.getTimeStamp(), sealed.getNonce());
    query.put("signature", SHA1.gen("not-the-token", sealed.getTimeStamp(), sealed.getNonce()));
    query.put("encrypt_type", "aes");
    query.put("msg_signature", sealed.getSignature());
    assertEquals(
        200,
        SimulatedWeChat.post(
                WeChatAccount.AES.appId(),
                query,
                utf8(SimulatedWeChat.body(PushMode.SAFE, message, sealed.getEncrypt())))
            .status());
    assertEquals(
        1,
        WeChatReplies.forwardedFrom(WeChatMessages.sender(message)).size(),
        "msg_signature covers Token, timestamp, nonce and ciphertext: the plaintext-mode signature is not needed");
  }

  @ParameterizedTest(name = "{0} mode")
  @EnumSource(
      value = PushMode.class,
      names = {"COMPATIBLE", "SAFE"})
  void refusesACiphertextForAnotherAppId(PushMode mode) {
    String message = WeChatMessages.of(WeChatMessages.TEXT, "wrong-appid");
    WeChatAccount impostor =
        new WeChatAccount(
            "wxpushimpostor01", WeChatAccount.AES.token(), WeChatAccount.AES.aesKey(), null, false);
    SimulatedWeChat.Sent sent =
        SimulatedWeChat.encrypted(WeChatAccount.AES, impostor.wxJava(), mode, message);
    assertEquals(400, sent.status(), sent.body());
    assertNotForwarded(message);
  }

  @ParameterizedTest(name = "{0} mode")
  @EnumSource(
      value = PushMode.class,
      names = {"COMPATIBLE", "SAFE"})
  void refusesACiphertextOfAnotherKey(PushMode mode) {
    String message = WeChatMessages.of(WeChatMessages.TEXT, "wrong-key");
    WeChatAccount wrongKey =
        new WeChatAccount(
            WeChatAccount.AES.appId(),
            WeChatAccount.AES.token(),
            WeChatAccount.ENCRYPTED_ONLY.aesKey(),
            null,
            false);
    assertEquals(
        400,
        SimulatedWeChat.encrypted(WeChatAccount.AES, wrongKey.wxJava(), mode, message).status());
    assertNotForwarded(message);
  }

  @ParameterizedTest(name = "{0} mode")
  @EnumSource(
      value = PushMode.class,
      names = {"COMPATIBLE", "SAFE"})
  void opensAPushUnderThePreviousKeyAndRepliesUnderIt(PushMode mode) {
    String message = WeChatMessages.of(WeChatMessages.TEXT, FakeUdesk.MARK_REPLY + " rotation");
    SimulatedWeChat.Sent sent =
        SimulatedWeChat.encrypted(
            WeChatAccount.AES, WeChatAccount.AES.wxJavaWithPreviousKey(), mode, message);

    assertEquals(200, sent.status(), sent.body());
    assertArrayEquals(
        utf8(message), WeChatReplies.forwardedFrom(WeChatMessages.sender(message)).get(0).body());
    assertEquals(
        FakeUdesk.REPLY,
        WeChatReplies.decrypt(WeChatAccount.AES, sent, true),
        "WeChat, still on the previous key, can read the reply");
  }

  @Test
  void anEncryptedOnlyAccountRefusesPlaintext() {
    String message = WeChatMessages.of(WeChatMessages.TEXT, "plain-on-encrypted-only");
    SimulatedWeChat.Sent sent =
        SimulatedWeChat.push(WeChatAccount.ENCRYPTED_ONLY, PushMode.PLAINTEXT, message);
    assertEquals(400, sent.status());
    assertTrue(
        sent.body().contains("encrypted"),
        "the refusal says the account takes encrypted pushes only: " + sent.body());
    assertNotForwarded(message);
  }

  @ParameterizedTest(name = "{0} mode")
  @EnumSource(
      value = PushMode.class,
      names = {"COMPATIBLE", "SAFE"})
  void anEncryptedOnlyAccountRelaysEncryptedPushes(PushMode mode) {
    String message =
        WeChatMessages.of(WeChatMessages.VOICE, FakeUdesk.MARK_REPLY + " encrypted-only");
    SimulatedWeChat.Sent sent = SimulatedWeChat.push(WeChatAccount.ENCRYPTED_ONLY, mode, message);
    assertEquals(200, sent.status());
    assertEquals(FakeUdesk.REPLY, WeChatReplies.decrypt(WeChatAccount.ENCRYPTED_ONLY, sent));
    assertEquals(1, WeChatReplies.forwardedFrom(WeChatMessages.sender(message)).size());
  }

  @Test
  void anEncryptedPushToAPlaintextOnlyAccountIsRefused() {
    String message = WeChatMessages.of(WeChatMessages.TEXT, "aes-on-plain");
    // signed with another account's Token: a wrong signature, like any stranger's (authentication
    // comes first)
    assertEquals(
        401,
        SimulatedWeChat.encrypted(
                WeChatAccount.PLAIN, WeChatAccount.AES.wxJava(), PushMode.SAFE, message)
            .status());
    // signed with the account's own Token: authentic, but the account has no key to open it
    WxCryptUtil ownToken =
        new WxCryptUtil(
            WeChatAccount.PLAIN.token(), WeChatAccount.AES.aesKey(), WeChatAccount.PLAIN.appId());
    WxCryptUtil.EncryptContext sealed = ownToken.encryptContext(message);
    Map<String, String> query =
        SimulatedWeChat.signedQuery(WeChatAccount.PLAIN, sealed.getTimeStamp(), sealed.getNonce());
    query.put("encrypt_type", "aes");
    query.put("msg_signature", sealed.getSignature());
    String envelope = SimulatedWeChat.body(PushMode.SAFE, message, sealed.getEncrypt());
    assertEquals(
        400,
        SimulatedWeChat.post(
                WeChatAccount.PLAIN.appId(), query, envelope.getBytes(StandardCharsets.UTF_8))
            .status());
    assertNotForwarded(message);

    // its query was authentic, so it is used up: its plain signature signs no body of another's
    String forged = WeChatMessages.of(WeChatMessages.TEXT, "aes-on-plain-forged");
    Map<String, String> plaintext = new LinkedHashMap<>(query);
    plaintext.remove("encrypt_type");
    plaintext.remove("msg_signature");
    SimulatedWeChat.Sent replay =
        SimulatedWeChat.post(
            WeChatAccount.PLAIN.appId(), plaintext, forged.getBytes(StandardCharsets.UTF_8));
    assertEquals(403, replay.status(), replay.body());
    assertNotForwarded(forged);
  }

  @Test
  void relaysThePublishedVectorsAsTheyDecrypt() {
    SimulatedWeChat.Sent v1 =
        SimulatedWeChat.post(
            WeChatAccount.V1.appId(),
            Map.of(
                "timestamp",
                "1409304348",
                "nonce",
                "xxxxxx",
                "encrypt_type",
                "aes",
                "msg_signature",
                "82c962d39941aa48552f90ef55aa323dc620cc10"),
            utf8(
                "<xml><ToUserName><![CDATA[toUser]]></ToUserName><Encrypt><![CDATA[jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP8"
                    + "2D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==]]></Encrypt></xml>"));
    assertEquals(200, v1.status(), v1.body());
    List<RecordedRequest> toVector1 =
        io.wxbridge.testing.TestBridge.udesk().received(r -> r.path().equals("/weixin/vector1"));
    assertEquals("我是中文abcd123", toVector1.get(toVector1.size() - 1).bodyText());

    SimulatedWeChat.Sent v3 =
        SimulatedWeChat.post(
            WeChatAccount.V3.appId(),
            Map.of(
                "signature",
                SHA1.gen("AAAAA", "1714112445", "415670741"),
                "timestamp",
                "1714112445",
                "nonce",
                "415670741",
                "encrypt_type",
                "aes",
                "msg_signature",
                "046e02f8204d34f8ba5fa3b1db94908f3df2e9b3"),
            utf8(
                "<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName><Encrypt><![CDATA["
                    + "+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVz"
                    + "azhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYw"
                    + "KSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04="
                    + "]]></Encrypt></xml>"));
    assertEquals(200, v3.status(), v3.body());
    List<RecordedRequest> toVector3 =
        io.wxbridge.testing.TestBridge.udesk().received(r -> r.path().equals("/weixin/vector3"));
    assertTrue(
        toVector3.get(toVector3.size() - 1).bodyText().contains("\"debug_str\":\"hello world\""),
        "vector 3's JSON plaintext reaches Udesk as it decrypted");
  }

  static void assertNotForwarded(String message) {
    assertEquals(
        List.of(), WeChatReplies.forwardedFrom(WeChatMessages.sender(message)), "never forwarded");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
