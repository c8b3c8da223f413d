package io.wxbridge.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * A large multipart/form-data upload the fake wrote to a file as it arrived (so 32 concurrent 20 MB
 * uploads cost neither the fake's heap nor time before it answers), holding exactly one part, as
 * the bridge sends it: the part's headers are read from the start, the closing delimiter is checked
 * at the end, and the content is located between them without being read.
 */
record SpooledMultipart(MultipartBody.Part headersOnly, Path file, long offset, long length) {
  private static final int HEAD = 64 * 1024;

  static Optional<SpooledMultipart> parse(String contentType, Path file) throws IOException {
    long size = Files.size(file);
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes((int) Math.min(size, HEAD));
    }
    Optional<MultipartBody.Part> first =
        MultipartBody.parse(contentType, closedAfterHeaders(contentType, head))
            .flatMap(body -> body.part("media"));
    Optional<String> boundary = MultipartBody.boundary(contentType);
    if (first.isEmpty() || boundary.isEmpty()) {
      return Optional.empty();
    }
    byte[] close = ("\r\n--" + boundary.get() + "--").getBytes(StandardCharsets.ISO_8859_1);
    byte[] tail = new byte[close.length + 2];
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      raf.seek(Math.max(0, size - tail.length));
      raf.readFully(tail, 0, (int) Math.min(tail.length, size));
    }
    long ending =
        Arrays.equals(Arrays.copyOf(tail, close.length), close)
            ? tail.length
            : Arrays.equals(Arrays.copyOfRange(tail, 2, tail.length), close) ? close.length : -1;
    long offset = first.get().offset();
    if (ending < 0 || size - ending < offset) {
      return Optional.empty();
    }
    return Optional.of(new SpooledMultipart(first.get(), file, offset, size - ending - offset));
  }

  /**
   * The first part's headers followed by a closing delimiter, so the in-memory parser can read
   * them.
   */
  private static byte[] closedAfterHeaders(String contentType, byte[] head) {
    int end = MultipartBody.headerEnd(head);
    if (end < 0) {
      return head;
    }
    byte[] closing =
        ("\r\n--" + MultipartBody.boundary(contentType).orElse("") + "--\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    byte[] shaped = Arrays.copyOf(head, end + 4 + closing.length);
    System.arraycopy(closing, 0, shaped, end + 4, closing.length);
    return shaped;
  }
}
