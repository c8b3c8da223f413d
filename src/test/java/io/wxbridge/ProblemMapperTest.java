package io.wxbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A stranger's path is logged, so it must not be able to start a line of its own there. */
class ProblemMapperTest {

  @Test
  void controlCharactersInALoggedPathArePercentEncoded() {
    assertEquals(
        "wechat/x%0AINFO: forged%0D%09", ProblemMapper.printable("wechat/x\nINFO: forged\r\t"));
    assertEquals("wechat/a%u2028b%7F", ProblemMapper.printable("wechat/a\u2028b\u007f"));
    String plain = "wechat/wx0123456789abcdef";
    assertSame(plain, ProblemMapper.printable(plain), "a usual path is not copied");
  }

  @Test
  void aRefusalIsCountedByOneOfAFewFacesNotByAStrangersSegment() {
    assertEquals("wechat", ProblemMapper.face("wechat/wx0123456789abcdef"));
    assertEquals("udesk", ProblemMapper.face("udesk"));
    assertEquals("other", ProblemMapper.face("Qx8r" + "a".repeat(3_000)));
    assertEquals("other", ProblemMapper.face(""));
  }

  @Test
  void aLoggedPathHidesTheUdeskAccountAndStaysShort() {
    assertEquals(
        "udesk/<account>/cgi-bin/x",
        ProblemMapper.logged("udesk/RelayPath-0123456789abcdef/cgi-bin/x"));
    assertEquals("udesk/<account>", ProblemMapper.logged("udesk/wx0123456789abcdef"));
    assertEquals(
        "udesk//<account>/message",
        ProblemMapper.logged("udesk//RelayPath-0123456789abcdef/message"));
    assertEquals(
        "udesk;p=1/<account>/message",
        ProblemMapper.logged("udesk;p=1/RelayPath-0123456789abcdef/message"));
    assertEquals("udesk/<account>", ProblemMapper.logged("udesk/RelayPath-0123456789abcdef;x=1"));
    assertEquals(
        "//udesk/<account>/x", ProblemMapper.logged("//udesk/RelayPath-0123456789abcdef/x"));
    assertEquals("udesk", ProblemMapper.logged("udesk"));
    String huge = ProblemMapper.logged("wechat/" + "w".repeat(5_000));
    assertEquals(ProblemMapper.MAX_LOGGED_PATH + 1, huge.length(), huge);
    assertTrue(huge.startsWith("wechat/www") && huge.endsWith("…"));
  }
}
