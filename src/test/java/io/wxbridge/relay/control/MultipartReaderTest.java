package io.wxbridge.relay.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MultipartReaderTest {
  private static final String BOUNDARY = "------------------------d74496d66958873e";

  /** What curl -F media=@test.jpg sends, around the given file bytes. */
  private static byte[] curlUpload(byte[] file) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\"test.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(file);
    body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return body.toByteArray();
  }

  /** A stream that hands out at most {@code chunk} bytes per read, as a network does. */
  private static InputStream trickle(byte[] bytes, int chunk) {
    return new FilterInputStream(new ByteArrayInputStream(bytes)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, chunk));
      }
    };
  }

  private static byte[] file(int length, long seed) {
    byte[] file = new byte[length];
    new Random(seed).nextBytes(file);
    return file;
  }

  /**
   * A curl upload's file length follows from the request's length, whatever the read sizes: what
   * MediaUploads announces to WeChat before the file has arrived.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 7, 1000, 65536, 1 << 20})
  void theFileLengthFollowsFromTheRequestLength(int chunk) throws IOException {
    byte[] file = file(200_000, chunk);
    byte[] request = curlUpload(file);
    MultipartReader reader = new MultipartReader(trickle(request, chunk), BOUNDARY);

    reader.next().orElseThrow();

    assertEquals(
        file.length,
        MediaUploads.expectedLength(java.util.OptionalLong.of(request.length), reader));
    assertEquals(-1, MediaUploads.expectedLength(java.util.OptionalLong.empty(), reader));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 41, 1000, 65536, 1 << 20})
  void aFileComesOutExactlyWhateverTheReadSizes(int chunk) throws IOException {
    byte[] file = file(300_000, chunk);
    MultipartReader reader = new MultipartReader(trickle(curlUpload(file), chunk), BOUNDARY);

    MultipartPart part = reader.next().orElseThrow();
    assertEquals(
        "form-data; name=\"media\"; filename=\"test.jpg\"",
        part.header("Content-Disposition").orElseThrow());
    assertEquals("image/jpeg", part.header("content-type").orElseThrow());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[chunk == 1 ? 1 : 8191];
    for (int n = part.body().read(buffer); n >= 0; n = part.body().read(buffer)) {
      out.write(buffer, 0, n);
    }
    assertArrayEquals(file, out.toByteArray());
    assertEquals(Optional.empty(), reader.next());
  }

  @Test
  void fileBytesThatLookLikeTheBoundaryAreData() throws IOException {
    byte[] file =
        ("\r\n--"
                + BOUNDARY.substring(0, 30)
                + "x\r\n--"
                + BOUNDARY.substring(0, BOUNDARY.length() - 1)
                + "\r\n-\r\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    MultipartReader reader = new MultipartReader(trickle(curlUpload(file), 5), BOUNDARY);

    assertArrayEquals(file, reader.next().orElseThrow().body().readAllBytes());
  }

  /**
   * A file full of the delimiter's pieces (the boundary cut short, its last byte changed, CRs and
   * dashes without the rest): the search skips ahead by the byte under the delimiter's end, so
   * bytes the delimiter contains, repeated near real delimiters, are where a wrong skip would cut a
   * file short or run past its end.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 4, 39, 44, 45, 46, 4096, 65535, 65536, 65537})
  void nearMissesOfTheDelimiterAreData(int chunk) throws IOException {
    ByteArrayOutputStream pieces = new ByteArrayOutputStream();
    Random random = new Random(chunk);
    String delimiter = "\r\n--" + BOUNDARY;
    while (pieces.size() < 3 * MultipartReader.WINDOW) {
      int cut = 1 + random.nextInt(delimiter.length() - 1);
      // each piece between two #s (in no delimiter), so that no two pieces join into a whole one
      String piece =
          switch (random.nextInt(5)) {
            case 0 -> delimiter.substring(0, cut);
            case 1 -> delimiter.substring(0, delimiter.length() - 1) + "x";
            case 2 -> delimiter.substring(cut);
            case 3 -> "\r\r\n-\r\n--\n--" + BOUNDARY.substring(cut % BOUNDARY.length());
            default -> "-".repeat(random.nextInt(80));
          };
      pieces.writeBytes(("#" + piece + "#").getBytes(StandardCharsets.ISO_8859_1));
      pieces.writeBytes(file(random.nextInt(100), random.nextLong()));
    }
    byte[] file = pieces.toByteArray();

    MultipartReader reader = new MultipartReader(trickle(curlUpload(file), chunk), BOUNDARY);

    assertArrayEquals(file, reader.next().orElseThrow().body().readAllBytes());
    assertEquals(Optional.empty(), reader.next());
  }

  /**
   * Files of every length around the reader's window, so that the closing delimiter starts at every
   * position across the window's end: split between two reads of the request, it is still found,
   * and no byte of it is passed on as the file's.
   */
  @Test
  void aDelimiterSplitAcrossTheWindowsEndIsFound() throws IOException {
    int head = curlUpload(new byte[0]).length - ("\r\n--" + BOUNDARY + "--\r\n").length();
    for (int length = MultipartReader.WINDOW - head - 60;
        length <= MultipartReader.WINDOW - head + 5;
        length++) {
      byte[] file = file(length, length);
      file[length - 1] = '\r'; // a CR just before the delimiter's own CR
      MultipartReader reader = new MultipartReader(trickle(curlUpload(file), 65536), BOUNDARY);

      assertArrayEquals(
          file, reader.next().orElseThrow().body().readAllBytes(), "length " + length);
      assertEquals(Optional.empty(), reader.next());
    }
  }

  /** A file that ends in CR, CRLF or CRLF- keeps those bytes: only CRLF--boundary ends it. */
  @ParameterizedTest
  @ValueSource(strings = {"\r", "\r\n", "\r\n-", "\r\n--", "\n", "--"})
  void lineBreakBytesAtTheFilesEndAreTheFiles(String end) throws IOException {
    byte[] file = ("data" + end).getBytes(StandardCharsets.ISO_8859_1);
    MultipartReader reader = new MultipartReader(trickle(curlUpload(file), 1), BOUNDARY);

    assertArrayEquals(file, reader.next().orElseThrow().body().readAllBytes());
    assertEquals(Optional.empty(), reader.next());
  }

  @Test
  void anEmptyFileAndSeveralPartsWithAPreamble() throws IOException {
    String body =
        "preamble to ignore\r\n--b\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\nimage\r\n"
            + "--b  \r\nContent-Disposition: form-data; name=\"media\"; filename=\"a.png\"\r\n\r\n\r\n--b--\r\nepilogue";
    MultipartReader reader =
        new MultipartReader(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), "b");

    MultipartPart type = reader.next().orElseThrow();
    assertEquals("form-data; name=\"type\"", type.header("content-disposition").orElseThrow());
    MultipartPart media = reader.next().orElseThrow(); // the type part's body is skipped unread
    assertEquals(0, media.body().readAllBytes().length);
    assertEquals(Optional.empty(), reader.next());
  }

  /**
   * A part ends at the first CRLF--boundary, but the body is only whole if what follows is a line
   * break (another part) or "--" (the closing): a file read before a broken or missing closing is
   * not passed on as complete.
   */
  @Test
  void aFileIsCompleteOnlyOnceTheBodyClosesProperly() throws IOException {
    String head =
        "--b\r\nContent-Disposition: form-data; name=\"media\"; filename=\"a.jpg\"\r\n\r\nx";
    for (String broken : List.of("\r\n--bxAAAA\r\n--b--\r\n", "\r\n--b", "\r\n--bjunk")) {
      MultipartReader reader = reader(head + broken);
      reader.next().orElseThrow();
      InputStream file = reader.bodyThenClosing(1024);
      assertThrows(MalformedMultipartException.class, file::readAllBytes, broken.strip());
    }
    for (String whole :
        List.of(
            "\r\n--b--\r\n",
            "\r\n--b--",
            "\r\n--b\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\nimage\r\n--b--\r\n")) {
      MultipartReader reader = reader(head + whole);
      reader.next().orElseThrow();
      assertEquals(
          "x", new String(reader.bodyThenClosing(1024).readAllBytes(), StandardCharsets.UTF_8));
    }
    byte[] large =
        (head + "\r\n--b\r\n\r\n" + "y".repeat(10_000_000) + "\r\n--b--\r\n")
            .getBytes(StandardCharsets.UTF_8);
    long[] consumed = {0};
    InputStream counted =
        new java.io.FilterInputStream(new ByteArrayInputStream(large)) {
          @Override
          public int read(byte[] target, int offset, int length) throws IOException {
            int n = super.read(target, offset, length);
            consumed[0] += Math.max(n, 0);
            return n;
          }
        };
    MultipartReader more = new MultipartReader(counted, "b");
    more.next().orElseThrow();
    InputStream file = more.bodyThenClosing(1024);
    assertThrows(
        MalformedMultipartException.class, file::readAllBytes, "more after the file than allowed");
    assertTrue(
        consumed[0] < 1024 + 2 * MultipartReader.WINDOW,
        "read no further than the allowance: " + consumed[0] + " bytes");
    assertThrows(
        MalformedMultipartException.class, file::read, "and the body stays broken, not ended");
  }

  private static MultipartReader reader(String body) {
    return new MultipartReader(
        new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), "b");
  }

  @Test
  void aBodyCutOffBeforeItsClosingBoundaryIsNotAFile() throws IOException {
    byte[] whole = curlUpload(file(10_000, 1));
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - BOUNDARY.length() - 8);
    MultipartReader reader = new MultipartReader(new ByteArrayInputStream(cut), BOUNDARY);
    InputStream body = reader.next().orElseThrow().body();

    assertThrows(MalformedMultipartException.class, body::readAllBytes);
  }

  @Test
  void malformedFraming() {
    assertThrows(
        MalformedMultipartException.class,
        () ->
            new MultipartReader(new ByteArrayInputStream("no boundary at all".getBytes()), "b")
                .next());
    assertThrows(
        MalformedMultipartException.class,
        () -> new MultipartReader(new ByteArrayInputStream("--bXX".getBytes()), "b").next());
    assertThrows(
        MalformedMultipartException.class,
        () ->
            new MultipartReader(
                    new ByteArrayInputStream("--b\r\nContent-Type: x\r\n".getBytes()), "b")
                .next());
    assertThrows(
        MalformedMultipartException.class,
        () ->
            new MultipartReader(new ByteArrayInputStream("--b\r\nno colon\r\n\r\n".getBytes()), "b")
                .next());
    byte[] hugeHeader =
        ("--b\r\nX: " + "h".repeat(MultipartReader.MAX_HEADER_BYTES) + "\r\n\r\n").getBytes();
    assertThrows(
        MalformedMultipartException.class,
        () -> new MultipartReader(new ByteArrayInputStream(hugeHeader), "b").next());
  }

  @Test
  void blanksAfterABoundaryAreReadOnlyUpToALimit() throws IOException {
    byte[] padded = ("--b \t \r\nX: y\r\n\r\nfile\r\n--b--\r\n").getBytes();
    assertEquals(
        "file",
        new String(
            new MultipartReader(new ByteArrayInputStream(padded), "b")
                .next()
                .orElseThrow()
                .body()
                .readAllBytes(),
            StandardCharsets.US_ASCII),
        "transport padding is allowed");
    long[] served = {0};
    InputStream endlessBlanks =
        new InputStream() {
          private final byte[] start = "--b".getBytes();

          @Override
          public int read() {
            if (served[0] >= 8 << 20) {
              return -1; // 8 MiB: endless enough, and a reader without the limit still ends
            }
            return served[0] < start.length ? start[(int) served[0]++] : blank();
          }

          private int blank() {
            served[0]++;
            return ' ';
          }
        };
    assertThrows(
        MalformedMultipartException.class,
        () -> new MultipartReader(endlessBlanks, "b").next(),
        "a boundary followed by 8 MiB of blanks");
    assertTrue(
        served[0] <= MultipartReader.MAX_PADDING + 2L * MultipartReader.WINDOW,
        "gave up after " + served[0] + " bytes, not at the end of an endless body");
  }

  @Test
  void readsThroughAFixedWindow() throws IOException {
    // 5 MB through the reader: it never asks the request for more than its window at once
    int[] largestRead = {0};
    InputStream request =
        new FilterInputStream(new ByteArrayInputStream(curlUpload(file(5_000_000, 9)))) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            largestRead[0] = Math.max(largestRead[0], len);
            return super.read(b, off, len);
          }
        };
    InputStream body = new MultipartReader(request, BOUNDARY).next().orElseThrow().body();
    assertEquals(5_000_000, body.transferTo(java.io.OutputStream.nullOutputStream()));
    assertTrue(largestRead[0] <= MultipartReader.WINDOW, "read " + largestRead[0]);
  }
}
