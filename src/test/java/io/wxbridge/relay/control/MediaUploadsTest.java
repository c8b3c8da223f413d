package io.wxbridge.relay.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
