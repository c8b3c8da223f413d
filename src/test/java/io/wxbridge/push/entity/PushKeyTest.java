package io.wxbridge.push.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.wxbridge.accounts.entity.AppId;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which pushes count as the same push (docs/protocol.md §3; docs/push.md). */
class PushKeyTest {
  private static final AppId APP = new AppId("wxpushaes000001");

  @Test
  void aMessageIsKnownByItsMsgId() {
    PushKey first =
        key(new InboundMessage("oUser", "100", "text", "6543210987654321", null, null), "a");
    PushKey retry =
        key(new InboundMessage("oUser", "100", "text", "6543210987654321", null, null), "b");
    assertEquals(first, retry);
    assertNotEquals(
        first,
        key(new InboundMessage("oUser", "100", "text", "6543210987654322", null, null), "a"));
    assertNotEquals(
        first,
        key(new InboundMessage("oOther", "100", "text", "6543210987654321", null, null), "a"),
        "the same MsgId from another follower is another push (WxJava #333)");
    assertNotEquals(
        first,
        PushKey.of(
            new AppId("wxpushplain00001"),
            Optional.of(new InboundMessage("oUser", "100", "text", "6543210987654321", null, null)),
            bytes("a")));
  }

  @Test
  void anEventIsKnownByItsExactBytesSoDifferentEventsInOneSecondStayApart() {
    InboundMessage finished =
        new InboundMessage("oUser", "100", "event", null, "TEMPLATESENDJOBFINISH", null);
    String first =
        "<xml><Event>TEMPLATESENDJOBFINISH</Event><MsgID>111</MsgID><Status>success</Status></xml>";
    String second =
        "<xml><Event>TEMPLATESENDJOBFINISH</Event><MsgID>222</MsgID><Status>success</Status></xml>";
    assertEquals(key(finished, first), key(finished, first), "WeChat's retry repeats the same XML");
    assertNotEquals(
        key(finished, first), key(finished, second), "same sender and second, another template");
  }

  @Test
  void anythingElseIsKnownByItsBytes() {
    PushKey unknown =
        key(new InboundMessage("oUser", "100", "newtype", null, null, null), "<xml>1</xml>");
    assertEquals(
        unknown,
        key(new InboundMessage("oUser", "100", "newtype", null, null, null), "<xml>1</xml>"));
    assertNotEquals(
        unknown,
        key(new InboundMessage("oUser", "100", "newtype", null, null, null), "<xml>2</xml>"));
    assertEquals(
        PushKey.of(APP, Optional.empty(), bytes("{}")),
        PushKey.of(APP, Optional.empty(), bytes("{}")));
  }

  private static PushKey key(InboundMessage message, String bytes) {
    return PushKey.of(APP, Optional.of(message), bytes(bytes));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
