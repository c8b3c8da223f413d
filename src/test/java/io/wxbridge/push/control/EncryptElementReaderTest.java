package io.wxbridge.push.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EncryptElementReaderTest {
  private final EncryptElementReader reader = new EncryptElementReader();

  private String encrypt(String xml) {
    return reader.encrypt(xml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void findsTheEncryptElementOfTheSafeAndCompatibleEnvelopes() {
    assertEquals(
        "abc+/=",
        encrypt(
            "<xml><ToUserName><![CDATA[gh_1]]></ToUserName>\n<Encrypt><![CDATA[ abc+/= ]]></Encrypt></xml>"));
    assertEquals(
        "q",
        encrypt(
            "<xml><MsgType>image</MsgType><SendPicsInfo><PicList><item><PicMd5Sum>1</PicMd5Sum></item>"
                + "</PicList></SendPicsInfo><Encrypt>q</Encrypt></xml>"));
  }

  @Test
  void onlyTheRootsOwnEncryptCounts() {
    assertEquals("", encrypt("<xml><a><Encrypt>nested</Encrypt></a></xml>"));
    assertEquals("", encrypt("<xml><ToUserName>gh</ToUserName></xml>"));
  }

  @Test
  void refusesAHundredThousandLevelsQuicklyWithoutRecursion() {
    byte[] deep =
        ("<xml>" + "<a>".repeat(100_000) + "</a>".repeat(100_000) + "</xml>")
            .getBytes(StandardCharsets.UTF_8);
    PushRejectedException refused =
        assertTimeoutPreemptively(
            Duration.ofSeconds(1),
            () -> assertThrows(PushRejectedException.class, () -> reader.encrypt(deep)));
    assertEquals(400, refused.status());
    assertTrue(refused.getMessage().contains("deeper than 16"), refused.getMessage());
  }

  @Test
  void refusesADoctypeAndWhatIsNotXml() {
    assertEquals(
        400,
        assertThrows(
                PushRejectedException.class,
                () ->
                    encrypt(
                        "<!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><xml><Encrypt>&x;</Encrypt></xml>"))
            .status());
    assertEquals(
        400,
        assertThrows(PushRejectedException.class, () -> encrypt("<xml><Encrypt>x</xml>")).status());
    assertEquals(400, assertThrows(PushRejectedException.class, () -> encrypt("")).status());
    assertEquals(
        "",
        encrypt("<xml><Encrypt><b/></Encrypt></xml>"),
        "not text only: no Encrypt, and PushOpener refuses the push for that (400)");
  }
}
