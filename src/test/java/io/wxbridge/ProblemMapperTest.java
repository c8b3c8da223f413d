package io.wxbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

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
}
