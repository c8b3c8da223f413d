package io.wxbridge.wechatxml.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wxbridge.wechatxml.entity.XmlFields;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Readers are reused: what one document left behind must never reach the next. */
class FlatXmlTest {
  private static final String TEXT =
      "<xml><ToUserName><![CDATA[gh]]></ToUserName><FromUserName>oA</FromUserName>"
          + "<MsgType>text</MsgType><Content>hi</Content><MsgId>42</MsgId></xml>";

  @Test
  void aReusedReaderReadsTheNextDocumentAfterOnesItRefused() {
    XmlFields first = read(TEXT);
    assertThrows(
        XmlRefusedException.class, () -> read("<!DOCTYPE x [<!ENTITY e 'x'>]><xml>&e;</xml>"));
    assertThrows(XmlRefusedException.class, () -> read("<xml><a>unclosed"));
    assertThrows(XmlRefusedException.class, () -> read("{\"not\":\"xml\"}"));
    assertThrows(
        XmlRefusedException.class, () -> read("<?xml version=\"1.0\" encoding=\"bogus\"?><xml/>"));
    assertEquals(first, read(TEXT));
    assertEquals(
        Map.of("A", "1"), read("<xml><A>1</A></xml>").fields(), "nothing of the last document");
  }

  /**
   * WeChat's XML is UTF-8, and the bridge labels what it forwards so. (Decoded before the parser
   * sees it, so that the JDK's own decoder, which prints "[Fatal Error]" to stderr for each
   * malformed byte, is never used: checked by hand, as the project's tests do not touch the
   * standard streams.)
   */
  @Test
  void refusesWhatIsNotUtf8() {
    byte[] malformed = {
      '<', 'x', 'm', 'l', '>', (byte) 0xC3, (byte) 0x28, '<', '/', 'x', 'm', 'l', '>'
    };
    assertThrows(XmlRefusedException.class, () -> FlatXml.read(malformed));
    assertThrows(
        XmlRefusedException.class,
        () -> FlatXml.read("\uFEFF<xml><A>1</A></xml>".getBytes(StandardCharsets.UTF_16)));
    assertThrows(
        XmlRefusedException.class,
        () ->
            FlatXml.read(
                "<?xml version=\"1.0\" encoding=\"GBK\"?><xml><A>中文</A></xml>"
                    .getBytes(Charset.forName("GBK"))));
    assertThrows(
        XmlRefusedException.class,
        () -> read("<?xml version=\"1.0\" encoding=\"GBK\"?><xml><A>1</A></xml>"));
    assertEquals(
        Map.of("A", "中文"),
        FlatXml.read(
                "\uFEFF<?xml version=\"1.0\" encoding=\"utf-8\"?><xml><A>中文</A></xml>"
                    .getBytes(StandardCharsets.UTF_8))
            .fields(),
        "UTF-8, declared or with a byte-order mark, is read");
  }

  /**
   * WeChat sends a follower's control characters inside CDATA unescaped (XML 1.0 forbids them): a
   * push is read, each such character as U+FFFD; anything else (Udesk's answers, which WeChat gets
   * byte for byte) must be well-formed. A control character in a name stays refused (the JDK's
   * parser follows XML 1.0's earlier name rules, which U+FFFD does not pass either).
   */
  @Test
  void readsTheControlCharactersWeChatPutsIntoAFollowersTextInPushesOnly() {
    String push =
        "<xml><Content><![CDATA[a\u001Db\u0010c\u0002\td]]></Content><MsgId>1\u0000</MsgId></xml>";
    assertEquals(
        Map.of("Content", "a\uFFFDb\uFFFDc\uFFFD\td", "MsgId", "1\uFFFD"),
        FlatXml.readPush(push.getBytes(StandardCharsets.UTF_8)).fields());
    assertThrows(XmlRefusedException.class, () -> read(push), "not in what Udesk answers");
    assertThrows(
        XmlRefusedException.class,
        () -> FlatXml.readPush("<xml><\u0001A>1</\u0001A></xml>".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void threadsReadingAtOnceEachGetTheirOwnDocument() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> reads = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        String id = String.valueOf(i);
        reads.add(
            threads.submit(
                () ->
                    id.equals(
                        read(TEXT.replace("<MsgId>42<", "<MsgId>" + id + "<")).get("MsgId"))));
      }
      for (Future<Boolean> read : reads) {
        assertEquals(true, read.get(10, TimeUnit.SECONDS));
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static XmlFields read(String xml) {
    return FlatXml.read(xml.getBytes(StandardCharsets.UTF_8));
  }
}
