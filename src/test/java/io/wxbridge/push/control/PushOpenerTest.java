package io.wxbridge.push.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.ProblemException;
import io.wxbridge.push.WeChatAccount;
import io.wxbridge.push.entity.OpenedPush;
import io.wxbridge.push.entity.SignedQuery;
import java.nio.charset.StandardCharsets;
import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;
import org.junit.jupiter.api.Test;

/**
 * Every check a push goes through before anything is forwarded; WeChat's side is played by WxJava.
 */
class PushOpenerTest {
  private static final String MESSAGE =
      "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[oUser]]>"
          + "</FromUserName><CreateTime>1714112445</CreateTime><MsgType><![CDATA[text]]></MsgType>"
          + "<Content><![CDATA[你好 😀]]></Content><MsgId>24602475398493952</MsgId></xml>";
  private static final String TS = "1714112445";
  private static final String NONCE = "415670741";

  private final PushOpener opener = new PushOpener();

  PushOpenerTest() {
    opener.parser = new HardenedXmlParser();
    opener.envelopes = new EncryptElementReader();
    opener.signature = new WeChatSignature();
    opener.cipher = new MessageCipher();
  }

  @Test
  void opensAPlaintextPushWithItsSignature() {
    OpenedPush push =
        opener.open(
            WeChatAccount.PLAIN.asConfigured(), plainQuery(WeChatAccount.PLAIN), utf8(MESSAGE));
    assertArrayEquals(utf8(MESSAGE), push.message());
    assertFalse(push.encrypted(), "a plaintext push is not marked encrypted");
    assertEquals("text MsgId=24602475398493952 (plaintext)", push.describe());
  }

  @Test
  void refusesAPlaintextPushWithAnotherSignature() {
    SignedQuery forged = new SignedQuery(SHA1.gen("guess", TS, NONCE), TS, NONCE, null, null);
    assertStatus(401, () -> opener.open(WeChatAccount.PLAIN.asConfigured(), forged, utf8(MESSAGE)));
    assertStatus(
        401,
        () ->
            opener.open(
                WeChatAccount.PLAIN.asConfigured(),
                new SignedQuery(null, TS, NONCE, null, null),
                utf8(MESSAGE)));
  }

  @Test
  void refusesASignedPlaintextPushThatIsNotAnXmlDocument() {
    assertStatus(
        400,
        () ->
            opener.open(
                WeChatAccount.PLAIN.asConfigured(),
                plainQuery(WeChatAccount.PLAIN),
                utf8("<foo><MsgId>5</MsgId></foo>")));
  }

  @Test
  void opensACiphertextWrittenOverSeveralLines() {
    WxCryptUtil.EncryptContext sealed = WeChatAccount.AES.wxJava().encryptContext(MESSAGE);
    String folded =
        sealed.getEncrypt().substring(0, 40) + "\n  " + sealed.getEncrypt().substring(40);
    OpenedPush push =
        opener.open(
            WeChatAccount.AES.asConfigured(),
            new SignedQuery(
                null,
                sealed.getTimeStamp(),
                sealed.getNonce(),
                "aes",
                SHA1.gen(
                    WeChatAccount.AES.token(), sealed.getTimeStamp(), sealed.getNonce(), folded)),
            utf8(safeBody(folded)));
    assertArrayEquals(utf8(MESSAGE), push.message());
  }

  @Test
  void refusesAPlaintextPushOnAnEncryptedOnlyAccount() {
    assertStatus(
        400,
        () ->
            opener.open(
                WeChatAccount.ENCRYPTED_ONLY.asConfigured(),
                plainQuery(WeChatAccount.ENCRYPTED_ONLY),
                utf8(MESSAGE)));
  }

  @Test
  void opensASafeModePush() {
    WxCryptUtil.EncryptContext sealed = WeChatAccount.AES.wxJava().encryptContext(MESSAGE);
    OpenedPush push =
        opener.open(
            WeChatAccount.AES.asConfigured(),
            aesQuery(WeChatAccount.AES, sealed),
            utf8(safeBody(sealed.getEncrypt())));
    assertArrayEquals(utf8(MESSAGE), push.message());
    assertTrue(push.encrypted(), "a safe-mode push is marked encrypted");
    assertEquals(sealed.getNonce(), push.nonce());
  }

  @Test
  void opensACompatibleModePushByItsCiphertextNotItsPlaintextFields() {
    WxCryptUtil.EncryptContext sealed = WeChatAccount.AES.wxJava().encryptContext(MESSAGE);
    String body =
        MESSAGE
            .replace("你好", "forged")
            .replace("</xml>", "<Encrypt><![CDATA[" + sealed.getEncrypt() + "]]></Encrypt></xml>");
    OpenedPush push =
        opener.open(
            WeChatAccount.AES.asConfigured(), aesQuery(WeChatAccount.AES, sealed), utf8(body));
    assertArrayEquals(utf8(MESSAGE), push.message());
  }

  @Test
  void refusesAnEncryptedPushWithAForgedMsgSignature() {
    WxCryptUtil.EncryptContext sealed = WeChatAccount.AES.wxJava().encryptContext(MESSAGE);
    SignedQuery forged =
        new SignedQuery(
            SHA1.gen(WeChatAccount.AES.token(), sealed.getTimeStamp(), sealed.getNonce()),
            sealed.getTimeStamp(),
            sealed.getNonce(),
            "aes",
            SHA1.gen("guess", sealed.getTimeStamp(), sealed.getNonce(), sealed.getEncrypt()));
    assertStatus(
        401,
        () ->
            opener.open(
                WeChatAccount.AES.asConfigured(), forged, utf8(safeBody(sealed.getEncrypt()))));
  }

  @Test
  void refusesAnEncryptedPushForAnotherAppId() {
    WeChatAccount other =
        new WeChatAccount(
            "wxsomeoneelse0001",
            WeChatAccount.AES.token(),
            WeChatAccount.AES.aesKey(),
            null,
            false);
    WxCryptUtil.EncryptContext sealed = other.wxJava().encryptContext(MESSAGE);
    assertStatus(
        400,
        () ->
            opener.open(
                WeChatAccount.AES.asConfigured(),
                aesQuery(WeChatAccount.AES, sealed),
                utf8(safeBody(sealed.getEncrypt()))));
  }

  @Test
  void opensAPushEncryptedWithThePreviousKey() {
    WxCryptUtil.EncryptContext sealed =
        WeChatAccount.AES.wxJavaWithPreviousKey().encryptContext(MESSAGE);
    OpenedPush push =
        opener.open(
            WeChatAccount.AES.asConfigured(),
            aesQuery(WeChatAccount.AES, sealed),
            utf8(safeBody(sealed.getEncrypt())));
    assertArrayEquals(utf8(MESSAGE), push.message());
  }

  @Test
  void refusesAnEncryptedPushWithoutEncryptOrOnAPlaintextAccount() {
    WxCryptUtil.EncryptContext sealed = WeChatAccount.AES.wxJava().encryptContext(MESSAGE);
    assertStatus(
        400,
        () ->
            opener.open(
                WeChatAccount.AES.asConfigured(),
                aesQuery(WeChatAccount.AES, sealed),
                utf8(MESSAGE)));
    // authenticated first: a stranger's push for a plaintext account is a wrong signature (401),
    // like any other
    assertStatus(
        401,
        () ->
            opener.open(
                WeChatAccount.PLAIN.asConfigured(),
                aesQuery(WeChatAccount.PLAIN, sealed),
                utf8(safeBody(sealed.getEncrypt()))));
    SignedQuery signedForPlain =
        new SignedQuery(
            null,
            sealed.getTimeStamp(),
            sealed.getNonce(),
            "aes",
            SHA1.gen(
                WeChatAccount.PLAIN.token(),
                sealed.getTimeStamp(),
                sealed.getNonce(),
                sealed.getEncrypt()));
    assertStatus(
        400,
        () ->
            opener.open(
                WeChatAccount.PLAIN.asConfigured(),
                signedForPlain,
                utf8(safeBody(sealed.getEncrypt()))));
  }

  @Test
  void refusesAnUnknownEncryptType() {
    SignedQuery query = plainQuery(WeChatAccount.PLAIN);
    SignedQuery other = new SignedQuery(query.signature(), TS, NONCE, "des", null);
    assertStatus(400, () -> opener.open(WeChatAccount.PLAIN.asConfigured(), other, utf8(MESSAGE)));
  }

  @Test
  void refusesADoctypeOutsideAndInsideTheCiphertext() {
    String xxe =
        "<!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><xml><Content>&x;</Content></xml>";
    assertStatus(
        400,
        () ->
            opener.open(
                WeChatAccount.PLAIN.asConfigured(), plainQuery(WeChatAccount.PLAIN), utf8(xxe)));
    WxCryptUtil.EncryptContext sealed = WeChatAccount.AES.wxJava().encryptContext(xxe);
    assertStatus(
        400,
        () ->
            opener.open(
                WeChatAccount.AES.asConfigured(),
                aesQuery(WeChatAccount.AES, sealed),
                utf8(safeBody(sealed.getEncrypt()))));
  }

  @Test
  void opensThePublishedVectorsAndKeepsTheirNonXmlMessages() {
    OpenedPush v1 =
        opener.open(
            WeChatAccount.V1.asConfigured(),
            new SignedQuery(
                null, "1409304348", "xxxxxx", "aes", "82c962d39941aa48552f90ef55aa323dc620cc10"),
            utf8(safeBody(MessageCipherTest.V1_ENCRYPT)));
    assertEquals("我是中文abcd123", new String(v1.message(), StandardCharsets.UTF_8));
    assertTrue(v1.fields().isEmpty(), "a message that is not XML has no fields");

    OpenedPush v3 =
        opener.open(
            WeChatAccount.V3.asConfigured(),
            new SignedQuery(
                null, "1714112445", "415670741", "aes", "046e02f8204d34f8ba5fa3b1db94908f3df2e9b3"),
            utf8(safeBody(MessageCipherTest.V3_INBOUND)));
    assertEquals(
        MessageCipherTest.V3_INBOUND_MESSAGE, new String(v3.message(), StandardCharsets.UTF_8));
  }

  private static SignedQuery plainQuery(WeChatAccount account) {
    return new SignedQuery(SHA1.gen(account.token(), TS, NONCE), TS, NONCE, null, null);
  }

  private static SignedQuery aesQuery(WeChatAccount account, WxCryptUtil.EncryptContext sealed) {
    return new SignedQuery(
        SHA1.gen(account.token(), sealed.getTimeStamp(), sealed.getNonce()),
        sealed.getTimeStamp(),
        sealed.getNonce(),
        "aes",
        sealed.getSignature());
  }

  private static String safeBody(String encrypt) {
    return "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA["
        + encrypt
        + "]]></Encrypt></xml>";
  }

  private static void assertStatus(int status, Runnable open) {
    assertEquals(status, assertThrows(ProblemException.class, open::run).status());
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
