package io.wxbridge.wechatapi.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The body streamed to WeChat while the upload arrives: the whole body when the file is as long as
 * announced, and otherwise a failure before the body's last byte, with the file spooled whole.
 */
class SpoolingBodyTest {
  private static final byte[] HEAD = "HEAD\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TAIL = "\r\n--b--\r\n".getBytes(StandardCharsets.US_ASCII);

  private final ByteArrayOutputStream spooled = new ByteArrayOutputStream();

  @Test
  void aFileAsLongAsAnnouncedIsSentWholeAndSpooled() throws IOException {
    byte[] file = file(3 * SpooledUpload.CHUNK + 17);
    SpoolingBody body = body(file, file.length);
    ByteArrayOutputStream sent = new ByteArrayOutputStream();

    long count = body.transferTo(sent);

    assertEquals(HEAD.length + file.length + TAIL.length, count);
    assertArrayEquals(concat(HEAD, file, TAIL), sent.toByteArray());
    assertArrayEquals(file, spooled.toByteArray());
    assertFalse(body.differs());
  }

  @Test
  void aShorterFileStopsTheBodyBeforeItsTail() {
    byte[] file = file(1000);
    SpoolingBody body = body(file, file.length + 1);
    ByteArrayOutputStream sent = new ByteArrayOutputStream();

    assertThrows(IOException.class, () -> body.transferTo(sent));

    assertTrue(body.differs());
    assertTrue(sent.size() < HEAD.length + file.length + 1 + TAIL.length);
    assertArrayEquals(file, spooled.toByteArray(), "the copy has the whole file");
  }

  @Test
  void aLongerFileStopsTheBodyBeforeItsTailAndIsSpooledWhole() {
    byte[] file = file(2 * SpooledUpload.CHUNK + 5);
    SpoolingBody body = body(file, file.length - 2);
    ByteArrayOutputStream sent = new ByteArrayOutputStream();

    assertThrows(IOException.class, () -> body.transferTo(sent));

    assertTrue(body.differs());
    assertTrue(sent.size() <= HEAD.length + file.length - 2, "no tail was sent");
    assertArrayEquals(file, spooled.toByteArray(), "the copy has what was read so far");
  }

  @Test
  void anUnreadableUploadIsReportedAsSuch() {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("cut off");
          }
        };
    SpoolingBody body = new SpoolingBody(HEAD, broken, 10, TAIL, spooled::write);

    assertThrows(IOException.class, () -> body.transferTo(new ByteArrayOutputStream()));

    assertTrue(body.unreadable());
    assertFalse(body.differs());
  }

  @Test
  void anEmptyFileAnnouncedEmptyIsHeadAndTail() throws IOException {
    SpoolingBody body = body(new byte[0], 0);
    ByteArrayOutputStream sent = new ByteArrayOutputStream();

    body.transferTo(sent);

    assertArrayEquals(concat(HEAD, new byte[0], TAIL), sent.toByteArray());
  }

  private SpoolingBody body(byte[] file, long announced) {
    return new SpoolingBody(HEAD, new ByteArrayInputStream(file), announced, TAIL, spooled::write);
  }

  private static byte[] file(int length) {
    byte[] file = new byte[length];
    new Random(length).nextBytes(file);
    return file;
  }

  private static byte[] concat(byte[] a, byte[] b, byte[] c) {
    byte[] all = new byte[a.length + b.length + c.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    System.arraycopy(c, 0, all, a.length + b.length, c.length);
    return all;
  }
}
