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
 * An upload copied to a temporary file on its way to WeChat, as the multipart/form-data body WeChat
 * expects (file field "media", with its file name and content type). On disk rather than in memory,
 * it can be sent again after a token error or a -1 without ever being held whole, and its
 * Content-Length is known, so it is streamed with a fixed length. When the upload announces its
 * length ({@link MediaUpload#length()}), the first attempt need not wait for the copy: {@link
 * #streamed()} sends the file as it arrives and spools each chunk as it passes, and stops before
 * the body's last byte (WeChat then has an incomplete request, which it drops) if the file turns
 * out shorter or longer than announced. The file is deleted on close.
 */
final class SpooledUpload implements AutoCloseable {
  static final int CHUNK = 64 * 1024;

  private final Path file;
  private final MediaUpload upload;
  private final String boundary;
  private final byte[] head;
  private final byte[] tail;
  private final OutputStream spool;
  private long fileLength;
  private boolean complete;
  private SpoolingBody streamed;

  private SpooledUpload(
      Path file,
      MediaUpload upload,
      String boundary,
      byte[] head,
      byte[] tail,
      OutputStream spool) {
    this.file = file;
    this.upload = upload;
    this.boundary = boundary;
    this.head = head;
    this.tail = tail;
    this.spool = spool;
  }

  /**
   * Copies the upload's content to a temporary file.
   *
   * @throws WeChatApiException if the content cannot be read to its end
   */
  static SpooledUpload of(MediaUpload upload) {
    SpooledUpload spooled = start(upload);
    try {
      spooled.complete();
      return spooled;
    } catch (RuntimeException failed) {
      spooled.close();
      throw failed;
    }
  }

  /**
   * A temporary file for the upload, nothing copied yet: see {@link #streamed()}, {@link
   * #complete()}.
   */
  static SpooledUpload start(MediaUpload upload) {
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
    Path file = SpoolFiles.create("upload");
    try {
      return new SpooledUpload(file, upload, boundary, head, tail, Files.newOutputStream(file));
    } catch (IOException e) {
      SpoolFiles.delete(file);
      throw new UncheckedIOException("the upload cannot be spooled to a temporary file", e);
    }
  }

  String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  /** Whether the body can go to WeChat while it is spooled: its length is announced, and unread. */
  boolean streamable() {
    return upload.length() >= 0 && streamed == null && !complete;
  }

  /** The length of the whole multipart body with the file as long as announced. */
  long streamedLength() {
    return head.length + upload.length() + tail.length;
  }

  /**
   * The multipart body, read from the upload as it is sent and spooled on the way; once only.
   * Reading it fails (IOException) where the file differs from the length announced, before the
   * body's last byte, and where the upload cannot be read.
   */
  InputStream streamed() {
    if (!streamable()) {
      throw new IllegalStateException("the upload was read already, or its length is unknown");
    }
    streamed = new SpoolingBody(head, upload.content(), upload.length(), tail, this::write);
    return streamed;
  }

  /**
   * What a failed streamed attempt means: the upload could not be read (a 400 for Udesk), the file
   * was not the length announced ({@link NotAsAnnounced}: send the spooled copy), or else the
   * failure itself, to be classified as any call's.
   */
  RuntimeException whyNotStreamed(RuntimeException failure) {
    if (streamed == null) {
      return failure;
    }
    if (streamed.spoolFailure() != null) {
      return new UncheckedIOException(
          "the upload cannot be spooled to a temporary file", streamed.spoolFailure());
    }
    if (streamed.unreadable()) {
      return WeChatApiException.unreadableUpload();
    }
    return streamed.differs() ? new NotAsAnnounced() : failure;
  }

  /** The file was shorter or longer than announced; WeChat got no complete request. */
  static final class NotAsAnnounced extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotAsAnnounced() {
      super("the upload was not the length it announced", null, false, false);
    }
  }

  /**
   * Spools what is left of the upload (all of it when nothing was streamed); then {@link #open()}
   * and {@link #length()} describe the whole file.
   *
   * @throws WeChatApiException if the content cannot be read to its end
   */
  void complete() {
    if (complete) {
      return;
    }
    byte[] buffer = new byte[CHUNK];
    for (int n = read(upload.content(), buffer); n >= 0; n = read(upload.content(), buffer)) {
      try {
        write(buffer, 0, n);
      } catch (IOException e) {
        throw new UncheckedIOException("the upload cannot be spooled to a temporary file", e);
      }
    }
    try {
      spool.close();
    } catch (IOException e) {
      throw new UncheckedIOException("the upload cannot be spooled to a temporary file", e);
    }
    complete = true;
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
    try {
      spool.close();
    } catch (IOException e) {
      // the file is deleted next; a copy that could not be closed is not used
    }
    SpoolFiles.delete(file);
  }

  private void write(byte[] buffer, int offset, int n) throws IOException {
    spool.write(buffer, offset, n);
    fileLength += n;
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
      return chunked(in, out);
    }
  }

  static long chunked(InputStream in, OutputStream out) throws IOException {
    byte[] chunk = new byte[CHUNK];
    long total = 0;
    for (int n = in.readNBytes(chunk, 0, CHUNK); n > 0; n = in.readNBytes(chunk, 0, CHUNK)) {
      out.write(chunk, 0, n);
      total += n;
    }
    return total;
  }

  /**
   * Fills the whole buffer unless the content ends first (-1 once it has): one read of the request
   * returns what one network read brought, often a few KiB, and writing each as it came cost a
   * write call per few KiB.
   */
  private static int read(InputStream content, byte[] buffer) {
    try {
      int n = content.readNBytes(buffer, 0, buffer.length);
      return n == 0 ? -1 : n;
    } catch (IOException brokenOff) { // unchecked ones are IOExceptions (ArrivingBody)
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
}
