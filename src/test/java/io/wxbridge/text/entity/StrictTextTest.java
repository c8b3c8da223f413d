package io.wxbridge.text.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StrictTextTest {

  private static byte[] marked(byte[] text) {
    byte[] bytes = new byte[text.length + 3];
    bytes[0] = (byte) 0xEF;
    bytes[1] = (byte) 0xBB;
    bytes[2] = (byte) 0xBF;
    System.arraycopy(text, 0, bytes, 3, text.length);
    return bytes;
  }

  @Test
  void utf8IsReadWithItsByteOrderMarkSkipped() throws CharacterCodingException {
    byte[] text = "<xml>中文 😀</xml>".getBytes(StandardCharsets.UTF_8);
    assertEquals("<xml>中文 😀</xml>", StrictText.utf8(text).toString());
    assertEquals("<xml>中文 😀</xml>", StrictText.utf8(marked(text)).toString());
    assertEquals(3, StrictText.utf8MarkLength(marked(text)));
    assertEquals(0, StrictText.utf8MarkLength(text));
    assertEquals(0, StrictText.utf8MarkLength(new byte[] {(byte) 0xEF, (byte) 0xBB}));
  }

  @Test
  void aByteThatIsNoTextInTheCharsetIsRefusedNotReplaced() throws CharacterCodingException {
    byte[] latin1 = "café".getBytes(StandardCharsets.ISO_8859_1);
    assertThrows(CharacterCodingException.class, () -> StrictText.utf8(latin1));
    byte[] cut = {'a', (byte) 0xE4, (byte) 0xB8}; // the first two bytes of 中
    assertThrows(CharacterCodingException.class, () -> StrictText.utf8(cut));
    assertEquals("café", StrictText.decode(latin1, 0, StandardCharsets.ISO_8859_1).toString());
    Charset gbk = Charset.forName("GBK");
    assertEquals("中文", StrictText.decode("x中文".getBytes(gbk), 1, gbk).toString(), "from 1");
  }
}
