package io.wxbridge.requests.boundary;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request's body as the container hands it over, whose failures are all IOExceptions: a
 * connection lost or stalled mid-body surfaces from some containers' streams as an unchecked
 * exception (WildFly: a stalled upload ended in a NullPointerException, a probe), which the readers
 * would otherwise pass on as the bridge's own failure (a 500) instead of a body cut off (a 400).
 */
public final class ArrivingBody extends FilterInputStream {
  private ArrivingBody(InputStream body) {
    super(body);
  }

  public static InputStream of(InputStream body) {
    return body instanceof ArrivingBody ? body : new ArrivingBody(body);
  }

  @Override
  public int read() throws IOException {
    try {
      return super.read();
    } catch (RuntimeException broken) {
      throw cutOff(broken);
    }
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    try {
      return super.read(buffer, offset, length);
    } catch (RuntimeException broken) {
      throw cutOff(broken);
    }
  }

  @Override
  public long skip(long n) throws IOException {
    try {
      return super.skip(n);
    } catch (RuntimeException broken) {
      throw cutOff(broken);
    }
  }

  @Override
  public int available() throws IOException {
    try {
      return super.available();
    } catch (RuntimeException broken) {
      throw cutOff(broken);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      super.close();
    } catch (RuntimeException broken) {
      throw cutOff(broken);
    }
  }

  private static IOException cutOff(RuntimeException broken) {
    return new IOException(
        "the request's body broke off (" + broken.getClass().getSimpleName() + ")", broken);
  }
}
