package io.wxbridge.push.boundary;

import io.wxbridge.push.control.PushRejectedException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a push body, at most {@value #LIMIT} bytes. WeChat's pushes are a few KB (compatible mode
 * about three times a message); anything far larger is not WeChat. The declared Content-Length is
 * checked first, and the bytes are counted while reading too, because a chunked body declares none.
 */
@ApplicationScoped
public class PushBodyReader {
  static final int LIMIT = 1 << 20;

  /**
   * @param declaredLength Content-Length, or -1 when the request does not declare one
   * @throws PushRejectedException 413 over the limit, 400 if the body cannot be read
   */
  public byte[] read(InputStream body, long declaredLength) {
    if (declaredLength > LIMIT) {
      throw PushRejectedException.tooLarge(LIMIT);
    }
    ByteArrayOutputStream read = new ByteArrayOutputStream(8192); // grows as bytes arrive, not as declared
    byte[] chunk = new byte[8192];
    try (body) {
      int n;
      while ((n = body.read(chunk)) != -1) {
        if (read.size() + n > LIMIT) {
          throw PushRejectedException.tooLarge(LIMIT);
        }
        read.write(chunk, 0, n);
      }
    } catch (IOException broken) {
      throw PushRejectedException.unreadable();
    }
    return read.toByteArray();
  }
}
