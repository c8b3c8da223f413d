package io.wxbridge.push.boundary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wxbridge.push.control.PushRejectedException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PushBodyReaderTest {
  private static final byte[] PUSH =
      "<xml><MsgId>1</MsgId></xml>".repeat(700).getBytes(StandardCharsets.UTF_8);

  private final PushBodyReader reader = new PushBodyReader();

  @Test
  void theDeclaredLengthIsTheHeadersNumberOrNone() {
    assertEquals(123, PushBodyReader.declared("123"));
    assertEquals(-1, PushBodyReader.declared(null), "a chunked body declares none");
    assertEquals(-1, PushBodyReader.declared("twelve"));
    assertEquals(-1, PushBodyReader.declared("-5"));
  }

  @Test
  void aBodyIsReadWholeWithOrWithoutADeclaredLength() {
    assertArrayEquals(PUSH, reader.read(new ByteArrayInputStream(PUSH), PUSH.length));
    assertArrayEquals(PUSH, reader.read(new ByteArrayInputStream(PUSH), -1));
  }

  @Test
  void aBodyShorterThanDeclaredIsWhatArrived() {
    assertArrayEquals(PUSH, reader.read(new ByteArrayInputStream(PUSH), PUSH.length + 100));
  }

  @Test
  void overTheLimitIsRefusedWhetherDeclaredOrCounted() {
    byte[] large = new byte[PushBodyReader.DEFAULT_LIMIT + 1];
    PushRejectedException declared =
        assertThrows(
            PushRejectedException.class,
            () -> reader.read(new ByteArrayInputStream(large), large.length));
    PushRejectedException counted =
        assertThrows(
            PushRejectedException.class, () -> reader.read(new ByteArrayInputStream(large), -1));
    assertEquals(413, declared.status());
    assertEquals(413, counted.status());
  }
}
