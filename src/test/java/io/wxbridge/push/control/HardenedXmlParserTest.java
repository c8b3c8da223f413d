package io.wxbridge.push.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.wechatxml.control.FlatXml;
import io.wxbridge.wechatxml.entity.XmlFields;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parser every outside XML goes through: reads WeChat's fields in one pass and refuses DTDs in
 * all their forms, entity references, deep nesting and element floods.
 */
class HardenedXmlParserTest {
  private final HardenedXmlParser parser = new HardenedXmlParser();

  @Test
  void readsWeChatXmlWithChineseAndEmoji() {
    XmlFields message =
        parser.parse(
            utf8(
                "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Content><![CDATA[你好 😀 <b>]]></Content></xml>"));
    assertTrue(message.rootIsXml());
    assertEquals("gh_1", message.get("ToUserName"));
    assertEquals("你好 😀 <b>", message.get("Content"));
    assertNull(message.get("MsgId"));
  }

  @Test
  void readsTextSplitByEscapesAndCdataAsOneStrippedValue() {
    XmlFields message =
        parser.parse(
            utf8(
                "\uFEFF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xml>\n"
                    + "  <Content> a &amp; b <![CDATA[<c>]]> &#x4F60; </Content>\n</xml>"));
    assertEquals("a & b <c> 你", message.get("Content"));
  }

  @Test
  void keysNestedAndRepeatedElementsByPathAndIndexInDocumentOrder() {
    XmlFields reply =
        parser.parse(
            utf8(
                "<xml><MsgType>news</MsgType><Articles><item><Title>1</Title></item>"
                    + "<item><Title>2</Title></item></Articles><MsgType>again</MsgType></xml>"));
    assertEquals(
        List.of("MsgType", "Articles/item/Title", "Articles/item[2]/Title", "MsgType[2]"),
        List.copyOf(reply.fields().keySet()));
    assertEquals("news", reply.get("MsgType"), "the first of repeated elements is the field");
    assertEquals("2", reply.get("Articles/item[2]/Title"));
  }

  @Test
  void namesTheRootSoThatCallersCanRefuseOtherDocuments() {
    XmlFields other =
        parser.parse(utf8("<ns:root xmlns:ns=\"urn:x\"><MsgType>x</MsgType></ns:root>"));
    assertEquals("root", other.root());
    assertFalse(other.rootIsXml());
  }

  @Test
  void refusesAnExternalEntity(@TempDir Path dir) throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY x SYSTEM \""
            + secret.toUri()
            + "\">]>"
            + "<xml><Content>&x;</Content></xml>";
    PushRejectedException refused =
        assertThrows(PushRejectedException.class, () -> parser.parse(utf8(xxe)));
    assertEquals(400, refused.status());
    assertEquals(-40002, refused.errcode(), "WeChat's own parse-error code");
    assertFalse(refused.getMessage().contains("TOP-SECRET"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<!DOCTYPE xml><xml/>",
        "<!DOCTYPE xml SYSTEM \"http://127.0.0.1:1/evil.dtd\"><xml/>",
        "<!DOCTYPE xml [<!ENTITY % p SYSTEM \"http://127.0.0.1:1/p\"> %p;]><xml/>",
        "<!DOCTYPE xml [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
            + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><xml><Content>&c;</Content></xml>",
        "<xml><Content>&undeclared;</Content></xml>",
        "<xml><Content>unclosed</xml>",
        "<xml/><xml/>",
        "<xml/>trailing",
        "{\"ToUserName\":\"gh_1\"}",
        "",
      })
  void refuses(String hostile) {
    PushRejectedException refused =
        assertThrows(PushRejectedException.class, () -> parser.parse(utf8(hostile)));
    assertEquals(400, refused.status());
  }

  @Test
  void refusesNestingDeeperThanSixteenLevelsButReadsSixteen() {
    String sixteen = "<a>".repeat(15) + "<xml>x</xml>" + "</a>".repeat(15);
    assertEquals(1, parser.parse(utf8(sixteen)).fields().size());
    String seventeen = "<a>" + sixteen + "</a>";
    assertThrows(PushRejectedException.class, () -> parser.parse(utf8(seventeen)));
  }

  @Test
  void refusesAHundredThousandLevelsQuicklyWithoutRecursion() {
    String deep = "<a>".repeat(100_000) + "</a>".repeat(100_000);
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> assertThrows(PushRejectedException.class, () -> parser.parse(utf8(deep))));
  }

  @Test
  void refusesAFloodOfElements() {
    String flood = "<xml>" + "<a/>".repeat(FlatXml.MAX_ELEMENTS) + "</xml>";
    PushRejectedException refused =
        assertThrows(PushRejectedException.class, () -> parser.parse(utf8(flood)));
    assertEquals(400, refused.status());
    String most = "<xml>" + "<a/>".repeat(FlatXml.MAX_ELEMENTS - 1) + "</xml>";
    assertEquals(FlatXml.MAX_ELEMENTS - 1, parser.parse(utf8(most)).fields().size());
  }

  @Test
  void refusesLongNamesRepeatedInEveryKeyBelowThem() {
    // 14 levels of 1,000-character names over 985 leaves: about 34 KB that made 28 MB of keys
    String name = "A".repeat(1_000);
    String amplifier =
        "<x>"
            + ("<" + name + ">").repeat(14)
            + "<中/>".repeat(985)
            + ("</" + name + ">").repeat(14)
            + "</x>";
    PushRejectedException refused =
        assertThrows(PushRejectedException.class, () -> parser.parse(utf8(amplifier)));
    assertEquals(400, refused.status());
    // a long but real list of results stays well inside the budget
    String results =
        "<xml><CopyrightCheckResult><ResultList>"
            + "<item><ArticleIdx>1</ArticleIdx><AuditState>2</AuditState></item>".repeat(300)
            + "</ResultList></CopyrightCheckResult></xml>";
    assertEquals(600, parser.parse(utf8(results)).fields().size());
  }

  @Test
  void ignoresXIncludeAndProcessingInstructions() {
    XmlFields message =
        parser.parse(
            utf8(
                "<xml xmlns:xi=\"http://www.w3.org/2001/XInclude\"><?pi data?>"
                    + "<xi:include href=\"file:///etc/passwd\" parse=\"text\"/></xml>"));
    assertEquals("", message.get("include"), "the include is an empty element, not followed");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
