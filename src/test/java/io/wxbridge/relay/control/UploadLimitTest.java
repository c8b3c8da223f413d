package io.wxbridge.relay.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.requests.boundary.ArrivingBody;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

class UploadLimitTest {

  @Test
  void aFileUpToTheLimitPasses() throws IOException {
    UploadLimit file = new UploadLimit(new ByteArrayInputStream(new byte[1000]), 1000);
    assertEquals(1000, file.transferTo(OutputStream.nullOutputStream()));
    assertTrue(file.problem().isEmpty(), "a file exactly at the limit is no problem");
  }

  @Test
  void oneByteMoreStopsTheUploadAndSaysWhy() {
    UploadLimit file = new UploadLimit(new ByteArrayInputStream(new byte[1001]), 1000);
    assertThrows(IOException.class, () -> file.transferTo(OutputStream.nullOutputStream()));
    assertEquals(413, file.problem().orElseThrow().status());
    assertEquals(45001, file.problem().orElseThrow().errcode());
  }

  @Test
  void aBrokenBodyIsTheSendersFault() {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new MalformedMultipartException("body ended before its closing boundary");
          }
        };
    UploadLimit file = new UploadLimit(broken, 1000);
    assertThrows(IOException.class, () -> file.read());
    assertEquals(400, file.problem().orElseThrow().status());
  }

  /**
   * Whatever the server's request stream throws (ArrivingBody, as the Udesk face wraps it), the
   * upload was cut off on Udesk's side.
   */
  @Test
  void aRequestStreamThatFailsUncheckedIsACutOffUploadNotWeChatsFault() {
    for (RuntimeException failure :
        new RuntimeException[] {new NullPointerException(), new IllegalStateException("closed")}) {
      UploadLimit file =
          new UploadLimit(
              ArrivingBody.of(
                  new InputStream() {
                    @Override
                    public int read() {
                      throw failure;
                    }
                  }),
              1000);
      assertThrows(IOException.class, () -> file.read(new byte[10], 0, 10));
      assertEquals(400, file.problem().orElseThrow().status());
      assertEquals(
          "data format error: the upload was cut off", file.problem().orElseThrow().getMessage());
    }
  }
}
