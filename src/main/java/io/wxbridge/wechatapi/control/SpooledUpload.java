package io.wxbridge.wechatapi.control;

import io.wxbridge.wechatapi.entity.MediaUpload;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * An upload copied to a temporary file before it goes to WeChat, as the multipart/form-data body
 * WeChat expects (file field "media", with its file name and content type). On disk rather than in
 * memory, it can be sent again after a token error or a -1 without ever being held whole, and its
 * Content-Length is known, so it is streamed with a fixed length. The file is deleted on close.
 */
final class SpooledUpload implements AutoCloseable {
  static final int CHUNK = 64 * 1024;

  private final Path file;
  private final long fileLength;
  private final String boundary;
  private final byte[] head;
  private final byte[] tail;

  private SpooledUpload(Path file, long fileLength, String boundary, byte[] head, byte[] tail) {
    this.file = file;
    this.fileLength = fileLength;
    this.boundary = boundary;
    this.head = head;
    this.tail = tail;
  }

  /**
   * Copies the upload's content to a temporary file.
   *
   * @throws WeChatApiException if the content cannot be read to its end
   */
  static SpooledUpload of(MediaUpload upload) {
    String boundary = "----wxbridge" + UUID.randomUUID().toString().replace("-", "");
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\""
                + quoted(
                    upload.fileName() == null || upload.fileName().isBlank()
                        ? "media"
                        : upload.fileName())
                + "\"\r\nContent-Type: "
                + contentType(upload.contentType())
                + "\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    Path file = createTempFile();
    try {
      return new SpooledUpload(file, copy(upload.content(), file), boundary, head, tail);
    } catch (RuntimeException failed) {
      delete(file);
      throw failed;
    }
  }

  String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  /** The length of the whole multipart body. */
  long length() {
    return head.length + fileLength + tail.length;
  }

  /** The multipart body, read from the file as it is sent; a new stream on every call. */
  InputStream open() {
    try {
      List<InputStream> parts =
          List.of(
              new ByteArrayInputStream(head),
              Files.newInputStream(file),
              new ByteArrayInputStream(tail));
      return new Body(new SequenceInputStream(Collections.enumeration(parts)));
    } catch (IOException e) {
      throw new UncheckedIOException("the spooled upload cannot be read", e);
    }
  }

  @Override
  public void close() {
    delete(file);
  }

  /**
   * The body as the REST client sends it: Jersey hands an InputStream entity to the connection with
   * transferTo, which by default moves 8 KiB at a time, a file read and a socket write each; here
   * each moves {@value #CHUNK} bytes, as the spooling does.
   */
  private static final class Body extends FilterInputStream {
    Body(InputStream parts) {
      super(parts);
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
      byte[] chunk = new byte[CHUNK];
      long total = 0;
      for (int n = in.readNBytes(chunk, 0, CHUNK); n > 0; n = in.readNBytes(chunk, 0, CHUNK)) {
        out.write(chunk, 0, n);
        total += n;
      }
      return total;
    }
  }

  private static long copy(InputStream content, Path file) {
    byte[] buffer = new byte[CHUNK];
    long total = 0;
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int n = read(content, buffer); n >= 0; n = read(content, buffer)) {
        out.write(buffer, 0, n);
        total += n;
      }
      return total;
    } catch (IOException e) {
      throw new UncheckedIOException("the upload cannot be spooled to a temporary file", e);
    }
  }

  private static int read(InputStream content, byte[] buffer) {
    try {
      return content.read(buffer);
    } catch (IOException brokenOff) {
      throw WeChatApiException.unreadableUpload();
    }
  }

  /** A file name inside quotes, as browsers send it: quotes and line breaks percent-encoded. */
  private static String quoted(String fileName) {
    return fileName.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
  }

  private static String contentType(String contentType) {
    return contentType == null
            || contentType.isBlank()
            || contentType.contains("\r")
            || contentType.contains("\n")
        ? "application/octet-stream"
        : contentType.trim();
  }

  private static Path createTempFile() {
    try {
      return Files.createTempFile("wxbridge-upload-", ".part");
    } catch (IOException e) {
      throw new UncheckedIOException("no temporary file for the upload", e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("the spooled upload could not be deleted", e);
    }
  }
}
