package io.wxbridge.inbox.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InboxXmlTest {
  private final InboxXml xml = new InboxXml();

  @Test
  void nestedAndRepeatedElementsBecomePathsInDocumentOrder() {
    String news =
        "<xml><ToUserName><![CDATA[oFollower]]></ToUserName><MsgType>news</MsgType>"
            + "<ArticleCount>2</ArticleCount><Articles>"
            + "<item><Title><![CDATA[one]]></Title><Url>https://a.example/?x=1&amp;y=2</Url></item>"
            + "<item><Title> two <![CDATA[& more]]> </Title></item>"
            + "</Articles></xml>";
    assertEquals(
        Optional.of(
            Map.of(
                "ToUserName", "oFollower",
                "MsgType", "news",
                "ArticleCount", "2",
                "Articles/item/Title", "one",
                "Articles/item/Url", "https://a.example/?x=1&y=2",
                "Articles/item[2]/Title", "two & more")),
        xml.fields(bytes(news)));
    assertEquals(
        "[ToUserName, MsgType, ArticleCount, Articles/item/Title, Articles/item/Url,"
            + " Articles/item[2]/Title]",
        xml.fields(bytes(news)).orElseThrow().keySet().toString(),
        "document order");
  }

  @Test
  void anElementWithChildrenIsNotAFieldItselfAndCommentsAreNotText() {
    assertEquals(
        Optional.of(Map.of("ScanCodeInfo/ScanType", "qrcode", "Event", "scancode_push")),
        xml.fields(
            bytes(
                "<xml>root text<ScanCodeInfo>ignored<ScanType>qr<!-- c -->code</ScanType>"
                    + "</ScanCodeInfo><Event>scancode_push</Event></xml>")));
  }

  @Test
  void whatIsNotXmlOrHasADoctypeHasNoFields() {
    assertEquals(Optional.empty(), xml.fields(bytes("{\"ToUserName\":\"gh_1\"}")));
    assertEquals(Optional.empty(), xml.fields(bytes("<xml><a>1</a>")));
    assertEquals(
        Optional.empty(),
        xml.fields(bytes("<!DOCTYPE xml [<!ENTITY e \"x\">]><xml><a>&e;</a></xml>")));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
