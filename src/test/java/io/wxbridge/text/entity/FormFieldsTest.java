package io.wxbridge.text.entity;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wxbridge.text.entity.FormFields.Field;
import java.nio.charset.CharacterCodingException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A form's fields: in order, strictly decoded, empty pairs skipped, at most one past the limit. */
class FormFieldsTest {

  @Test
  void fieldsAreDecodedInOrderAndEmptyPairsSkipped() throws Exception {
    assertEquals(
        List.of(
            new Field("text[content]", "你好 world+"),
            new Field("flag", ""),
            new Field("touser", "o6_b")),
        FormFields.read(
            "text%5Bcontent%5D=%E4%BD%A0%E5%A5%BD+world%2B&&flag&touser=o6_b&", UTF_8, 10));
  }

  @Test
  void aBrokenEscapeOrBytesThatAreNotUtf8AreRefused() {
    assertThrows(IllegalArgumentException.class, () -> FormFields.read("a=%ZZ", UTF_8, 10));
    assertThrows(IllegalArgumentException.class, () -> FormFields.read("a=1%", UTF_8, 10));
    assertThrows(CharacterCodingException.class, () -> FormFields.read("a=%C3%28", UTF_8, 10));
  }

  @Test
  void readingStopsOneFieldPastTheLimitWithoutDecodingTheRest() throws Exception {
    assertEquals(3, FormFields.read("a=1&b=2&c=3&d=%ZZ", UTF_8, 2).size());
    assertEquals(2, FormFields.read("a=1&&b=2", UTF_8, 2).size());
  }
}
