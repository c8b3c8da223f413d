package io.wxbridge.requests.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RefusedBodyTest {

  @Test
  void aRestWithinTheBoundIsReadToItsEnd() throws IOException {
    InputStream body = new ByteArrayInputStream(new byte[300_000]);

    assertEquals(300_000, RefusedBody.dropRest(body));
    assertEquals(-1, body.read());
  }

  @Test
  void aCallerSendingOnAndOnIsLeftAtTheByteBound() {
    assertEquals(
        RefusedBody.MAX_BYTES,
        RefusedBody.dropRest(endless(0), RefusedBody.MAX_BYTES, Long.MAX_VALUE));
  }

  @Test
  void aCallerSendingSlowlyIsLeftAtTheTimeBound() {
    long start = System.nanoTime();

    long dropped = RefusedBody.dropRest(endless(1), 1 << 20, TimeUnit.MILLISECONDS.toNanos(50));

    long took = System.nanoTime() - start;
    assertTrue(dropped > 0 && dropped < 1 << 20, "dropped " + dropped);
    assertTrue(took < TimeUnit.SECONDS.toNanos(5), "took " + took + " ns");
  }

  @Test
  void aCallerGoneEndsTheReadingQuietly() {
    InputStream broken =
        new InputStream() {
          private int reads;

          @Override
          public int read() {
            return 0;
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (reads++ > 0) {
              throw new IOException("connection reset");
            }
            return len;
          }
        };

    assertEquals(16 * 1024, RefusedBody.dropRest(broken));
  }

  /** A body that never ends, each read after sleeping this many milliseconds. */
  private static InputStream endless(long millisPerRead) {
    return new InputStream() {
      @Override
      public int read() {
        return 0;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        try {
          Thread.sleep(millisPerRead);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return len;
      }
    };
  }
}
