package io.wxbridge.requests.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ArrivingBodyTest {

  /** Gives its bytes, then fails as WildFly's stream did when a stalled upload was ended. */
  static InputStream breakingAfter(String bytes) {
    return new ByteArrayInputStream(bytes.getBytes(StandardCharsets.US_ASCII)) {
      @Override
      public synchronized int read(byte[] buffer, int offset, int length) {
        int n = super.read(buffer, offset, length);
        if (n < 0) {
          throw new NullPointerException("the container's buffer is gone");
        }
        return n;
      }
    };
  }

  @Test
  void anUncheckedFailureOfTheContainersStreamIsABodyCutOff() throws IOException {
    InputStream body = ArrivingBody.of(breakingAfter("abc"));
    assertEquals(3, body.read(new byte[3], 0, 3));
    IOException cutOff = assertThrows(IOException.class, () -> body.read(new byte[8]));
    assertInstanceOf(NullPointerException.class, cutOff.getCause());
    assertThrows(IOException.class, body::readAllBytes);
  }

  @Test
  void aBodyIsWrappedOnce() {
    InputStream once = ArrivingBody.of(InputStream.nullInputStream());
    assertSame(once, ArrivingBody.of(once));
  }
}
