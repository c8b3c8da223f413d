package io.wxbridge.relay.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.requests.boundary.ArrivingBody;
import io.wxbridge.requests.entity.OnBehalfOf;
import io.wxbridge.testing.TestAccounts;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
    UdeskCallException refused =
        assertThrows(
            UdeskCallException.class,
            () ->
                uploads.upload(
                    TestAccounts.plain("wxmediaunit00001"),
                    "image",
                    "multipart/form-data; boundary=b",
                    OptionalLong.empty(),
                    ArrivingBody.of(stalled),
                    OnBehalfOf.push("test")));
    assertEquals(400, refused.status());
    assertTrue(refused.getMessage().contains("cut off"), refused.getMessage());
  }
}
