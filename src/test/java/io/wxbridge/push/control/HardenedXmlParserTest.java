package io.wxbridge.push.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;

/** The parser every outside XML goes through refuses DTDs in all their forms. */
class HardenedXmlParserTest {
  private final HardenedXmlParser parser = new HardenedXmlParser();

  @Test
  void readsWeChatXmlWithChineseAndEmoji() {
    Document document =
        parser.parse(
            utf8(
                "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Content><![CDATA[你好 😀 <b>]]></Content></xml>"));
    assertEquals("你好 😀 <b>", document.getElementsByTagName("Content").item(0).getTextContent());
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
        "{\"ToUserName\":\"gh_1\"}",
        "",
      })
  void refuses(String hostile) {
    assertThrows(PushRejectedException.class, () -> parser.parse(utf8(hostile)));
  }

  @Test
  void refusesXInclude() {
    Document document =
        parser.parse(
            utf8(
                "<xml xmlns:xi=\"http://www.w3.org/2001/XInclude\">"
                    + "<xi:include href=\"file:///etc/passwd\" parse=\"text\"/></xml>"));
    assertEquals("", document.getDocumentElement().getTextContent(), "the include is not followed");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
