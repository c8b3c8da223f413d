package io.wxbridge.requests.control;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;

/**
 * The rest of a body the bridge refused after reading part of it (an upload over its limit or
 * malformed, a message over 1 MiB), read and dropped before the refusal is answered. The refusal
 * ends the connection (requests.boundary.RefusalEndsConnection); WildFly then closes it at once,
 * and a caller still sending gets a broken pipe, which many clients report instead of the answer
 * already on its way (the JDK's: "header parser received no bytes", 2 of 150 uploads refused after
 * 64 KiB of a 1 MiB field). Bounded, so that closing stays the answer to a caller that sends on and
 * on; called only while the caller holds a permit (an upload's media permit, a message's slow-body
 * permit), where a stalled caller holds no more than its upload or message would.
 */
public final class RefusedBody {
  /** As Tomcat's maxSwallowSize: beyond it, closing costs less than reading on. */
  public static final long MAX_BYTES = 2L * 1024 * 1024;

  /**
   * Checked between reads: a read already waiting for a stalled caller ends only at the server's
   * read timeout (30 s, server-config).
   */
  static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(1);

  private RefusedBody() {}

  /**
   * @return how many bytes were dropped
   */
  public static long dropRest(InputStream body) {
    return dropRest(body, MAX_BYTES, MAX_NANOS);
  }

  static long dropRest(InputStream body, long maxBytes, long maxNanos) {
    byte[] buffer = new byte[16 * 1024];
    long start = System.nanoTime();
    long dropped = 0;
    try {
      while (dropped < maxBytes && System.nanoTime() - start < maxNanos) {
        int n = body.read(buffer, 0, (int) Math.min(buffer.length, maxBytes - dropped));
        if (n < 0) {
          break;
        }
        dropped += n;
      }
    } catch (IOException | RuntimeException callerGone) {
      // the caller stopped sending (some containers' failures are unchecked): the refusal stands
    }
    return dropped;
  }
}
