package io.wxbridge.relay.control;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The uploaded file as it streams to WeChat: counts its bytes and stops the upload once it passes
 * bridge.media.max-upload-bytes. The HTTP client that reads it may wrap or swallow the IOException
 * it throws, so the reason is also kept here, for the caller to report to Udesk (413 for a file too
 * large, 400 for a body cut off or broken) instead of WeChat being blamed.
 */
final class UploadLimit extends FilterInputStream {
  private final long max;
  private long count;
  private volatile UdeskCallException problem;

  UploadLimit(InputStream file, long max) {
    super(file);
    this.max = max;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n;
    try {
      n = super.read(buffer, offset, length);
    } catch (MalformedMultipartException malformed) {
      problem = UdeskCallException.malformed("multipart body: " + malformed.getMessage());
      throw malformed;
    } catch (IOException broken) {
      // the container's unchecked failures come as IOExceptions too
      // (requests.boundary.ArrivingBody)
      problem = UdeskCallException.cutOff("the upload");
      throw broken;
    }
    if (n > 0) {
      count += n;
      if (count > max) {
        problem = UdeskCallException.mediaTooLarge(max);
        throw new IOException("upload over " + max + " bytes; stopped");
      }
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    return Math.max(0, read(new byte[(int) Math.max(0, Math.min(n, 8192))]));
  }

  /** Why the upload was stopped on Udesk's side, if it was. */
  Optional<UdeskCallException> problem() {
    return Optional.ofNullable(problem);
  }

  long count() {
    return count;
  }
}
