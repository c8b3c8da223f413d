package io.wxbridge.relay.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.requests.boundary.ArrivingBody;
import io.wxbridge.requests.control.RefusedBody;
import io.wxbridge.requests.entity.OnBehalfOf;
import io.wxbridge.testing.TestAccounts;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class MediaUploadsTest {

  @Test
  void aNamelessFileIsNamedAfterItsTypeSoWeChatKnowsTheFormat() {
    assertEquals("media.jpg", MediaUploads.defaultFileName("image/jpeg"));
    assertEquals("media.png", MediaUploads.defaultFileName("Image/PNG; charset=binary"));
    assertEquals("media.amr", MediaUploads.defaultFileName("audio/amr"));
    assertEquals("media.mp4", MediaUploads.defaultFileName("video/mp4"));
    assertEquals("media", MediaUploads.defaultFileName("application/octet-stream"));
    assertEquals("media", MediaUploads.defaultFileName(null));
  }

  @Test
  void anUploadCutOffBeforeItsFileIsTheCallersFaultNotTheBridges() {
    MediaUploads uploads = new MediaUploads();
    uploads.maxUploadBytes = 1024;
    String preamble = "--b\r\nContent-Disposition: form-data; name=\"med";
    InputStream stalled =
        new ByteArrayInputStream(preamble.getBytes(StandardCharsets.US_ASCII)) {
          @Override
          public synchronized int read(byte[] buffer, int offset, int length) {
            int n = super.read(buffer, offset, length);
            if (n < 0) {
              // WildFly's stream when a stalled upload was ended (a probe): unchecked
              throw new NullPointerException();
            }
            return n;
          }
        };
    UdeskCallException refused = refusedChunkedUpload(uploads, stalled, "a stalled upload");
    assertEquals(400, refused.status());
    assertTrue(refused.getMessage().contains("cut off"), refused.getMessage());
  }

  /**
   * A body without a length (chunked) is read only as far as the framing's allowance before its
   * media part: a preamble or a field that never ends is refused, not read to its end.
   */
  @Test
  void whatComesBeforeTheFileIsReadOnlyAsFarAsTheFramingsAllowance() {
    for (String before :
        new String[] {"", "--b\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n"}) {
      MediaUploads uploads = new MediaUploads();
      uploads.maxUploadBytes = 1024 * 1024;
      ByteArrayInputStream start =
          new ByteArrayInputStream(before.getBytes(StandardCharsets.US_ASCII));
      long[] read = new long[1];
      InputStream endless =
          new InputStream() {
            @Override
            public int read() {
              return read(new byte[1], 0, 1) < 0 ? -1 : 'x';
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
              int n = start.read(buffer, offset, length);
              if (n < 0 && read[0] >= 8 * 1024 * 1024) {
                return -1; // "endless" enough: a test that fails must not hang
              }
              if (n < 0) {
                Arrays.fill(buffer, offset, offset + length, (byte) 'x');
                n = length;
              }
              read[0] += n;
              return n;
            }
          };

      UdeskCallException refused = refusedChunkedUpload(uploads, endless, before);
      assertEquals(413, refused.status(), before);
      assertEquals(45001, refused.errcode(), before);
      // then the rest is read on, as far as RefusedBody's bound, for the refusal to reach the agent
      assertTrue(
          read[0]
              <= MediaUploads.FRAMING_ALLOWANCE + MultipartReader.WINDOW + RefusedBody.MAX_BYTES,
          "read " + read[0] + " bytes of an endless " + (before.isEmpty() ? "preamble" : "field"));
    }
  }

  /** The refusal of an image upload without a declared length (boundary b) reading {@code body}. */
  private static UdeskCallException refusedChunkedUpload(
      MediaUploads uploads, InputStream body, String what) {
    return assertThrows(
        UdeskCallException.class,
        () ->
            uploads.upload(
                TestAccounts.plain("wxmediaunit00001"),
                "image",
                "multipart/form-data; boundary=b",
                OptionalLong.empty(),
                ArrivingBody.of(body),
                OnBehalfOf.push("test")),
        what);
  }
}
