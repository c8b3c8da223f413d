package io.wxbridge.push.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PushBodyReaderTest {
  @Test
  void theDeclaredLengthIsTheHeadersNumberOrNone() {
    assertEquals(123, PushBodyReader.declared("123"));
    assertEquals(-1, PushBodyReader.declared(null), "a chunked body declares none");
    assertEquals(-1, PushBodyReader.declared("twelve"));
    assertEquals(-1, PushBodyReader.declared("-5"));
  }
}
