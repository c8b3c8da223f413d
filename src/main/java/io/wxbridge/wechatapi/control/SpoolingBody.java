package io.wxbridge.wechatapi.control;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The multipart body of an upload whose length was announced, sent to WeChat while it arrives
 * ({@link SpooledUpload#streamed()}): the head, the file (each chunk handed to the spool before it
 * is passed on, so that a copy is there for a second attempt), and the tail only once the upload
 * has ended exactly where announced. The REST client sends it with that length as Content-Length,
 * so a file shorter or longer than announced stops the body before its last byte: WeChat then holds
 * an incomplete request, which it drops, and never a complete one with the wrong file.
 */
final class SpoolingBody extends InputStream {
  /** Where each chunk of the file goes before it is passed on. */
  interface Spool {
    void write(byte[] buffer, int offset, int length) throws IOException;
  }

  private final InputStream head;
  private final InputStream upload;
  private final InputStream tail;
  private final Spool spool;
  private long left;
  private boolean fileEnded;
  private volatile boolean differs;
  private volatile boolean unreadable;
  private volatile IOException spoolFailure;

  SpoolingBody(byte[] head, InputStream upload, long announced, byte[] tail, Spool spool) {
    this.head = new ByteArrayInputStream(head);
    this.upload = upload;
    this.left = announced;
    this.tail = new ByteArrayInputStream(tail);
    this.spool = spool;
  }

  /** The file was shorter or longer than announced. */
  boolean differs() {
    return differs;
  }

  /** The upload could not be read (cut off, malformed, over the size limit). */
  boolean unreadable() {
    return unreadable;
  }

  /** Why the copy could not be written, if it could not. */
  IOException spoolFailure() {
    return spoolFailure;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] target, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    int n = head.read(target, offset, length);
    if (n >= 0) {
      return n;
    }
    return fileEnded ? tail.read(target, offset, length) : file(target, offset, length);
  }

  @Override
  public long transferTo(OutputStream out) throws IOException {
    return SpooledUpload.chunked(this, out);
  }

  private int file(byte[] target, int offset, int length) throws IOException {
    if (left == 0) {
      confirmEnd();
      return tail.read(target, offset, length);
    }
    int n = fromUpload(target, offset, (int) Math.min(length, left));
    if (n < 0) {
      differs = true;
      throw new IOException("the upload is shorter than announced");
    }
    spooled(target, offset, n);
    left -= n;
    return n;
  }

  /** The upload must end here: anything more is spooled (for the copy) and stops this body. */
  private void confirmEnd() throws IOException {
    byte[] more = new byte[SpooledUpload.CHUNK];
    int n = fromUpload(more, 0, more.length);
    if (n > 0) {
      spooled(more, 0, n);
      differs = true;
      throw new IOException("the upload is longer than announced");
    }
    fileEnded = true;
  }

  /** Up to length bytes, fewer only at the upload's end; -1 there. */
  private int fromUpload(byte[] target, int offset, int length) throws IOException {
    try {
      int n = upload.readNBytes(target, offset, length);
      return n == 0 ? -1 : n;
    } catch (IOException brokenOff) {
      unreadable = true;
      throw brokenOff;
    }
  }

  private void spooled(byte[] buffer, int offset, int n) throws IOException {
    try {
      spool.write(buffer, offset, n);
    } catch (IOException e) {
      spoolFailure = e;
      throw e;
    }
  }
}
