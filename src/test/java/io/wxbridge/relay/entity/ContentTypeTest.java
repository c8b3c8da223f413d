package io.wxbridge.relay.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContentTypeTest {

  @Test
  void typeAndParameters() {
    ContentType type =
        ContentType.parse("Multipart/Form-Data; Boundary=\"----x y\"; charset=GBK").orElseThrow();
    assertTrue(type.is("multipart/form-data"), "media types compare case-insensitively");
    assertEquals(Optional.of("----x y"), type.parameter("boundary"));
    assertEquals(Charset.forName("GBK"), type.charset());
  }

  @Test
  void defaultsAndUnknowns() {
    assertEquals(Optional.empty(), ContentType.parse(" "));
    assertEquals(
        StandardCharsets.UTF_8, ContentType.parse("application/json").orElseThrow().charset());
    assertThrows(
        IllegalArgumentException.class,
        () -> ContentType.parse("text/plain; charset=nope").orElseThrow().charset());
  }
}
