package io.wxbridge.push;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wxbridge.testing.RecordedRequest;
import io.wxbridge.testing.TestBridge;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/** What WeChat and the fake Udesk saw of a push, read the way WeChat and Udesk would read it. */
public final class WeChatReplies {
  private WeChatReplies() {}

  /**
   * The plaintext of an encrypted reply, after checking it the way WeChat does: the Nonce is the
   * push's, and WxJava verifies MsgSignature before it decrypts.
   */
  public static String decrypt(WeChatAccount account, SimulatedWeChat.Sent sent) {
    return decrypt(account, sent, false);
  }

  public static String decrypt(
      WeChatAccount account, SimulatedWeChat.Sent sent, boolean previousKey) {
    Document envelope = parse(sent.response().body());
    assertEquals("xml", envelope.getDocumentElement().getNodeName(), sent.body());
    assertEquals(sent.nonce(), text(envelope, "Nonce"), "the reply echoes the push's nonce");
    String xml = sent.body();
    return (previousKey ? account.wxJavaWithPreviousKey() : account.wxJava())
        .decryptXml(
            text(envelope, "MsgSignature"),
            text(envelope, "TimeStamp"),
            text(envelope, "Nonce"),
            xml);
  }

  /** What the fake Udesk received from the message sent by {@code sender}. */
  public static List<RecordedRequest> forwardedFrom(String sender) {
    return TestBridge.udesk().received(request -> request.bodyText().contains(sender));
  }

  private static Document parse(byte[] xml) {
    try {
      return DocumentBuilderFactory.newDefaultInstance()
          .newDocumentBuilder()
          .parse(new ByteArrayInputStream(xml));
    } catch (Exception e) {
      throw new AssertionError(
          "the reply is not XML: " + new String(xml, java.nio.charset.StandardCharsets.UTF_8), e);
    }
  }

  private static String text(Document document, String element) {
    return document.getElementsByTagName(element).item(0).getTextContent();
  }
}
