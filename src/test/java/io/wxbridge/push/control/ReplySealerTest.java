package io.wxbridge.push.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.accounts.entity.EncodingAesKey;
import io.wxbridge.push.WeChatAccount;
import io.wxbridge.push.entity.OpenedPush;
import io.wxbridge.push.entity.PushReply;
import io.wxbridge.wechatxml.entity.XmlFields;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Udesk's reply as WeChat gets it in each mode; WeChat's side is played by WxJava. */
class ReplySealerTest {
  private final ReplySealer sealer = new ReplySealer();

  ReplySealerTest() {
    sealer.cipher = new MessageCipher();
    sealer.signature = new WeChatSignature();
    sealer.xml = new WeChatXml();
    sealer.clock = Clock.fixed(Instant.ofEpochSecond(1713424427), ZoneOffset.UTC);
  }

  @Test
  void encryptsTheReplyIntoWeChatsEnvelopeWithTheRequestNonce() {
    byte[] reply = PassiveReplyValidatorTest.REPLY.getBytes(StandardCharsets.UTF_8);
    byte[] sealed =
        sealer.seal(
            WeChatAccount.AES.asConfigured(),
            push(WeChatAccount.AES.aesKey()),
            PushReply.passive(reply));

    XmlFields envelope = new HardenedXmlParser().parse(sealed);
    assertEquals("xml", envelope.root());
    assertEquals("1713424427", text(envelope, "TimeStamp"));
    assertEquals("4242", text(envelope, "Nonce"));
    String decrypted =
        WeChatAccount.AES
            .wxJava()
            .decryptXml(
                text(envelope, "MsgSignature"),
                text(envelope, "TimeStamp"),
                text(envelope, "Nonce"),
                new String(sealed, StandardCharsets.UTF_8));
    assertEquals(
        PassiveReplyValidatorTest.REPLY, decrypted, "WxJava checks MsgSignature and decrypts");
  }

  @Test
  void encryptsWithTheKeyThatOpenedThePush() {
    byte[] reply = PassiveReplyValidatorTest.REPLY.getBytes(StandardCharsets.UTF_8);
    byte[] sealed =
        sealer.seal(
            WeChatAccount.AES.asConfigured(),
            push(WeChatAccount.AES.previousAesKey()),
            PushReply.passive(reply));
    XmlFields envelope = new HardenedXmlParser().parse(sealed);
    assertEquals(
        PassiveReplyValidatorTest.REPLY,
        WeChatAccount.AES
            .wxJavaWithPreviousKey()
            .decryptXml(
                text(envelope, "MsgSignature"),
                text(envelope, "TimeStamp"),
                text(envelope, "Nonce"),
                new String(sealed, StandardCharsets.UTF_8)));
  }

  @Test
  void leavesPlaintextRepliesAndEmptyAnswersAsTheyAre() {
    byte[] reply = PassiveReplyValidatorTest.REPLY.getBytes(StandardCharsets.UTF_8);
    OpenedPush plaintext =
        new OpenedPush(
            new AppId(WeChatAccount.AES.appId()),
            new byte[0],
            Optional.empty(),
            "4242",
            Optional.empty());
    assertArrayEquals(
        reply, sealer.seal(WeChatAccount.AES.asConfigured(), plaintext, PushReply.passive(reply)));
    assertEquals(
        0,
        sealer.seal(
                WeChatAccount.AES.asConfigured(),
                push(WeChatAccount.AES.aesKey()),
                PushReply.nothing())
            .length);
  }

  private static OpenedPush push(String key) {
    return new OpenedPush(
        new AppId(WeChatAccount.AES.appId()),
        new byte[0],
        Optional.empty(),
        "4242",
        Optional.of(EncodingAesKey.parse(key)));
  }

  private static String text(XmlFields envelope, String element) {
    return envelope.get(element);
  }
}
