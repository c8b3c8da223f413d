package io.wxbridge.text.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ShownTextTest {

  @Test
  void controlCharactersAndLineSeparatorsCannotStartALineOfTheirOwn() {
    assertEquals("a?INFO: forged??b?c?", ShownText.of("a\nINFO: forged\r\tb\u2028c\u007f", 100));
  }

  @Test
  void aLongTextIsCutAndSaysSo() {
    assertEquals("x".repeat(40) + "…", ShownText.name("x".repeat(1_000_000)));
    assertEquals("abc…", ShownText.of("abcdef", 3));
    assertEquals("ab…", ShownText.of("ab😀cd", 3), "never half a character");
  }

  @Test
  void aUsualTextIsShownAsItIs() {
    String plain = "touser";
    assertSame(plain, ShownText.name(plain));
    assertEquals("", ShownText.of(null, 10));
  }
}
