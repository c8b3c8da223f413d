package io.wxbridge.wechatapi.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.requests.entity.OnBehalfOf;
import io.wxbridge.testing.TestAccounts;
import io.wxbridge.wechatapi.entity.MediaDownload;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WeChat's media answer breaking off: before Udesk got anything (no length: received whole first)
 * and after its headers went out (logged once, never passed on as a complete file).
 */
class MediaDownloadBreakOffTest {
  private static final Account ACCOUNT = TestAccounts.plain("wxmediaunit000001");
  private static final OnBehalfOf CALLER = OnBehalfOf.push("test");
  private static final Logger LOG = Logger.getLogger(WeChatAnswerBody.class.getName());

  private final List<LogRecord> logged = new ArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void capture() {
    LOG.addHandler(capture);
  }

  @AfterEach
  void release() {
    LOG.removeHandler(capture);
  }

  private static byte[] file(int length) {
    byte[] bytes = new byte[length];
    new java.util.Random(length).nextBytes(bytes);
    return bytes;
  }

  /** Gives the bytes, then fails as a connection that broke off or went silent does. */
  private static InputStream breakingOff(byte[] part, IOException failure) {
    return new SequenceInputStream(
        new ByteArrayInputStream(part),
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw failure;
          }
        });
  }

  @Test
  void anAnswerWithoutALengthIsPassedOnWithTheLengthItHad() throws IOException {
    byte[] file = file(200_000);
    try (MediaDownload spooled =
        SpooledDownload.received(
            ACCOUNT,
            CALLER,
            200,
            Map.of("Content-Type", "image/jpeg"),
            new ByteArrayInputStream(file))) {
      assertEquals("200000", spooled.headers().get("Content-Length"));
      assertEquals("image/jpeg", spooled.headers().get("Content-Type"));
      assertArrayEquals(file, spooled.body().readAllBytes());
    }
    assertTrue(logged.isEmpty(), "nothing to say");
  }

  @Test
  void anAnswerWithoutALengthThatBreaksOffNeverReachesUdesk() {
    WeChatApiException refused =
        assertThrows(
            WeChatApiException.class,
            () ->
                SpooledDownload.received(
                    ACCOUNT,
                    CALLER,
                    200,
                    Map.of(),
                    breakingOff(file(100_000), new IOException("Premature EOF"))));
    assertEquals(504, refused.status());
    assertEquals(-1, refused.errcode());
    assertEquals("WeChat's answer broke off before its end; not relayed", refused.getMessage());
    assertEquals(1, logged.size());
    assertEquals(Level.WARNING, logged.get(0).getLevel());
    assertTrue(logged.get(0).getMessage().contains("broke off"), logged.get(0).getMessage());
  }

  @Test
  void anAnswerWithoutALengthLargerThanAnyMediaIsNotRelayed() throws IOException {
    long before = spoolFiles();
    InputStream endless =
        new InputStream() {
          private long left = SpooledDownload.MAX_BYTES + 2 * 65536;

          @Override
          public int read() {
            return left-- > 0 ? 0 : -1;
          }

          @Override
          public int read(byte[] buffer, int offset, int length) {
            int n = (int) Math.min(length, left);
            left -= n;
            return n > 0 ? n : -1;
          }
        };
    WeChatApiException refused =
        assertThrows(
            WeChatApiException.class,
            () -> SpooledDownload.received(ACCOUNT, CALLER, 200, Map.of(), endless));
    assertEquals(502, refused.status());
    assertTrue(refused.getMessage().contains("larger than"), refused.getMessage());
    assertEquals(1, logged.size());
    assertEquals(before, spoolFiles(), "its temporary file is deleted");
  }

  private static long spoolFiles() throws IOException {
    try (var files =
        java.nio.file.Files.list(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(f -> f.getFileName().toString().startsWith("wxbridge-download-")).count();
    }
  }

  @Test
  void noTemporaryFileIsLeftWhateverTheAnswerThrows() throws IOException {
    long before = spoolFiles();
    for (RuntimeException unchecked :
        new RuntimeException[] {
          new jakarta.ws.rs.ProcessingException("reset"), new IllegalStateException("closed")
        }) {
      InputStream failing =
          new SequenceInputStream(
              new ByteArrayInputStream(file(1_000)),
              new InputStream() {
                @Override
                public int read() {
                  throw unchecked;
                }
              });
      assertEquals(
          504,
          assertThrows(
                  WeChatApiException.class,
                  () -> SpooledDownload.received(ACCOUNT, CALLER, 200, Map.of(), failing))
              .status());
    }
    byte[] whole = file(1_000);
    try (MediaDownload spooled =
        SpooledDownload.received(ACCOUNT, CALLER, 200, Map.of(), new ByteArrayInputStream(whole))) {
      // Linux unlinks a file opened to be deleted on close at once; its bytes stay readable
      assertArrayEquals(whole, spooled.body().readAllBytes());
    }
    assertEquals(before, spoolFiles(), "none left");
  }

  @Test
  void aStreamedAnswerThatBreaksOffIsLoggedOnceAndStopsShort() throws IOException {
    byte[] part = file(70_000);
    for (IOException failure :
        new IOException[] {
          new IOException("Premature EOF"), new SocketTimeoutException("Read timed out")
        }) {
      logged.clear();
      ByteArrayOutputStream udesk = new ByteArrayOutputStream();
      MediaDownload download =
          new MediaDownload(
              200, Map.of("Content-Length", "100000"), breakingOff(part, failure), () -> {});
      StreamedMedia.copy(ACCOUNT, CALLER, download, udesk);
      assertArrayEquals(part, udesk.toByteArray(), "what came, and no more");
      assertEquals(1, logged.size(), failure.getMessage());
      String line = logged.get(0).getMessage();
      assertTrue(line.contains("after 70000 of the 100000 bytes"), line);
      assertEquals(null, logged.get(0).getThrown(), "no stack trace");
    }
  }

  @Test
  void aStreamedAnswerShortOfItsLengthIsLoggedAsBrokenOff() throws IOException {
    byte[] part = file(1_000);
    ByteArrayOutputStream udesk = new ByteArrayOutputStream();
    StreamedMedia.copy(
        ACCOUNT,
        CALLER,
        new MediaDownload(
            200, Map.of("Content-Length", "1000000"), new ByteArrayInputStream(part), () -> {}),
        udesk);
    assertArrayEquals(part, udesk.toByteArray());
    assertEquals(1, logged.size());
    assertTrue(
        logged.get(0).getMessage().contains("after 1000 of the 1000000 bytes"),
        logged.get(0).getMessage());

    logged.clear();
    byte[] whole = file(5_000);
    udesk.reset();
    StreamedMedia.copy(
        ACCOUNT,
        CALLER,
        new MediaDownload(
            200, Map.of("Content-Length", "5000"), new ByteArrayInputStream(whole), () -> {}),
        udesk);
    assertArrayEquals(whole, udesk.toByteArray());
    assertTrue(logged.isEmpty(), "a complete answer says nothing");
  }

  /**
   * Udesk going away ends the copy quietly (thrown on, the JAX-RS runtime logged a SEVERE stack
   * trace per download), and WeChat's answer is released rather than read on for no one.
   */
  @Test
  void udeskGoingAwayEndsTheCopyAndReleasesWeChatsAnswer() throws IOException {
    OutputStream gone =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("Broken pipe");
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            throw new IOException("Broken pipe");
          }
        };
    ByteArrayInputStream answer = new ByteArrayInputStream(file(200_000));
    boolean[] released = {false};
    StreamedMedia.copy(
        ACCOUNT, CALLER, new MediaDownload(200, Map.of(), answer, () -> released[0] = true), gone);
    assertTrue(released[0], "WeChat's answer is released");
    assertTrue(answer.available() > 100_000, "and not read on: " + answer.available() + " left");
    assertTrue(logged.isEmpty(), "not WeChat's answer breaking off");
  }
}
