package io.wxbridge.videorecall.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wxbridge.testing.FakeUdeskVideoApi;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Images are recognised by their bytes, whatever the image host claims. */
class ImageTypeTest {

  @Test
  void recognisesWhatWeChatAcceptsAsImageMedia() {
    assertEquals(Optional.of(ImageType.PNG), ImageType.of(FakeUdeskVideoApi.png()));
    assertEquals(
        Optional.of(ImageType.JPEG),
        ImageType.of(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x20}));
    assertEquals(
        Optional.of(ImageType.GIF), ImageType.of("GIF89a....".getBytes(StandardCharsets.US_ASCII)));
    assertEquals("qrcode.png", new QrImage(FakeUdeskVideoApi.png(), ImageType.PNG).fileName());
    assertEquals("image/jpeg", ImageType.JPEG.contentType());
  }

  @Test
  void refusesEverythingElse() {
    assertEquals(Optional.empty(), ImageType.of(new byte[0]));
    assertEquals(Optional.empty(), ImageType.of(new byte[] {(byte) 0x89, 'P', 'N'}));
    assertEquals(
        Optional.empty(),
        ImageType.of("<html>AccessDenied</html>".getBytes(StandardCharsets.UTF_8)));
  }
}
