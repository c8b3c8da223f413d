package io.wxbridge.inbox.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.inbox.entity.PushIdentity;
import io.wxbridge.push.control.HardenedXmlParser;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PushIdentitiesTest {
  private final PushIdentities identities = identities();

  static PushIdentities identities() {
    PushIdentities identities = new PushIdentities();
    identities.xml = new InboxXml();
    return identities;
  }

  @Test
  void aMessageIsItsFollowerAndMsgId() {
    PushIdentity id = of(text("oA", "1700000000", "42"));
    assertEquals(new PushIdentity("oA", "msg:42"), id);
    assertEquals(id, of(text("oA", "1700000099", "42")), "WeChat's retry: same follower and MsgId");
    assertNotEquals(
        id,
        of(text("oB", "1700000000", "42")),
        "MsgId alone collides between followers (WxJava #333)");
  }

  @Test
  void anEventIsItsFollowerCreateTimeAndEveryFieldByValue() {
    String click =
        "<xml><ToUserName>gh</ToUserName><FromUserName>oA</FromUserName><CreateTime>1700000000</CreateTime>"
            + "<MsgType>event</MsgType><Event>CLICK</Event><EventKey>K1</EventKey></xml>";
    String sameWithCdata =
        "<xml>\n <ToUserName><![CDATA[gh]]></ToUserName>\n <FromUserName><![CDATA[oA]]></FromUserName>"
            + "<CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event>"
            + "<EventKey><![CDATA[K1]]></EventKey></xml>";
    assertEquals(of(click), of(sameWithCdata));
    assertNotEquals(
        of(click), of(click.replace("K1", "K2")), "another EventKey in the same second");
    String job =
        "<xml><FromUserName>oA</FromUserName><CreateTime>1700000000</CreateTime><MsgType>event</MsgType>"
            + "<Event>TEMPLATESENDJOBFINISH</Event><MsgID>1</MsgID><Status>success</Status></xml>";
    assertNotEquals(
        of(job), of(job.replace("<MsgID>1<", "<MsgID>2<")), "two template results in one second");
    assertTrue(
        of(click).key().startsWith("event:1700000000:"),
        "an event's key starts with its CreateTime: " + of(click).key());
  }

  @Test
  void aMessageThatIsNotXmlIsItsBytes() {
    PushIdentity id = of("{\"debug_str\":\"hello world\"}");
    assertEquals("", id.follower());
    assertTrue(
        id.key().startsWith("bytes:"),
        "a message that is not XML is keyed by its bytes: " + id.key());
  }

  @Test
  void theFieldsThePushFaceReadGiveTheSameIdentityWithoutASecondReading() {
    String click =
        "<xml><ToUserName>gh</ToUserName><FromUserName>oA</FromUserName><CreateTime>1700000000</CreateTime>"
            + "<MsgType>event</MsgType><Event>CLICK</Event><EventKey>K1</EventKey></xml>";
    for (String message : new String[] {click, text("oA", "1700000000", "42")}) {
      byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
      Map<String, String> read = new HardenedXmlParser().parse(bytes).fields();
      assertEquals(identities.of(bytes), identities.of(bytes, Optional.of(read)));
    }
    PushIdentities noParser = new PushIdentities(); // would fail if it read the message again
    byte[] bytes = click.getBytes(StandardCharsets.UTF_8);
    assertEquals(
        identities.of(bytes),
        noParser.of(bytes, Optional.of(new HardenedXmlParser().parse(bytes).fields())));
  }

  private PushIdentity of(String message) {
    return identities.of(message.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(String from, String time, String msgId) {
    return "<xml><ToUserName><![CDATA[gh]]></ToUserName><FromUserName><![CDATA["
        + from
        + "]]></FromUserName>"
        + "<CreateTime>"
        + time
        + "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>hi</Content>"
        + "<MsgId>"
        + msgId
        + "</MsgId></xml>";
  }
}
