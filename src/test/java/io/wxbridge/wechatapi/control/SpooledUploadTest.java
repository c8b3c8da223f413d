package io.wxbridge.wechatapi.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.testing.MultipartBody;
import io.wxbridge.wechatapi.entity.MediaUpload;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The multipart body WeChat gets: field "media" with the file's name and type, readable again, of
 * known length.
 */
class SpooledUploadTest {
  @Test
  void isTheMultipartBodyWeChatExpectsAndCanBeSentTwice() throws IOException {
    byte[] file = "GIF89a…图片".getBytes(StandardCharsets.UTF_8);
    try (SpooledUpload upload =
        SpooledUpload.of(
            new MediaUpload(
                "图片 \"1\".gif", "image/gif", new ByteArrayInputStream(file), file.length))) {
      byte[] first = read(upload.open());
      byte[] second = read(upload.open());
      assertEquals(
          new String(first, StandardCharsets.UTF_8), new String(second, StandardCharsets.UTF_8));
      assertEquals(upload.length(), first.length);

      MultipartBody.Part media =
          MultipartBody.parse(upload.contentType(), first)
              .orElseThrow()
              .part("media")
              .orElseThrow();
      assertEquals("图片 %221%22.gif", media.fileName().orElseThrow());
      assertEquals("image/gif", media.contentType().orElseThrow());
      assertEquals(
          new String(file, StandardCharsets.UTF_8),
          new String(media.content(), StandardCharsets.UTF_8));
    }
  }

  /**
   * The REST client sends the body with transferTo: the same bytes as reading it, head and tail
   * included, in writes of the spooling's chunk size rather than 8 KiB.
   */
  @Test
  void transferToSendsTheSameBodyInLargeWrites() throws IOException {
    byte[] file = new byte[3 * SpooledUpload.CHUNK + 12345];
    new Random(7).nextBytes(file);
    try (SpooledUpload upload =
        SpooledUpload.of(
            new MediaUpload("a.mp4", "video/mp4", new ByteArrayInputStream(file), file.length))) {
      List<Integer> writes = new ArrayList<>();
      ByteArrayOutputStream sent =
          new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
              writes.add(len);
              super.write(b, off, len);
            }
          };
      long count;
      try (InputStream body = upload.open()) {
        count = body.transferTo(sent);
      }

      assertEquals(upload.length(), count);
      assertArrayEquals(read(upload.open()), sent.toByteArray());
      assertEquals(SpooledUpload.CHUNK, (int) writes.get(0));
      assertTrue(
          writes.subList(0, writes.size() - 1).stream().allMatch(n -> n == SpooledUpload.CHUNK),
          "writes " + writes);
    }
  }

  @Test
  void anUploadWithoutNameOrTypeStillHasBoth() throws IOException {
    try (SpooledUpload upload =
        SpooledUpload.of(
            new MediaUpload(
                null,
                "text/plain\r\nX-Evil: 1",
                new ByteArrayInputStream(new byte[] {1, 2, 3}),
                -1))) {
      String body = new String(read(upload.open()), StandardCharsets.ISO_8859_1);
      assertTrue(body.contains("filename=\"media\""), "the part is named media: " + body);
      assertTrue(
          body.contains("Content-Type: application/octet-stream"),
          "the part keeps its content type: " + body);
      assertFalse(body.contains("X-Evil"), "the caller's extra part header is dropped: " + body);
    }
  }

  @Test
  void aBrokenUploadIsReportedAsSuch() {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("client went away");
          }
        };
    WeChatApiException failed =
        assertThrows(
            WeChatApiException.class,
            () -> SpooledUpload.of(new MediaUpload("a.jpg", "image/jpeg", broken, -1)));
    assertEquals(400, failed.status());
  }

  private static byte[] read(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }
}
