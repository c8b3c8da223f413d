package io.wxbridge.outbound.control;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.client5.http.classic.methods.HttpUriRequest;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.glassfish.jersey.apache5.connector.Apache5ConnectionClosingStrategy;
import org.glassfish.jersey.client.ClientRequest;

/**
 * How Jersey's Apache connector closes an answer: one read to its end keeps the connection for the
 * next call; an answer closed before its end (an error page the bridge does not read, a download
 * whose Udesk side went away, an answer above a size cap) is read on for at most {@link #BUDGET}
 * bytes, then its connection is dropped. Apache's own close reads the rest to its end, however long
 * it is announced to be, on the thread that closes it. The budget bounds bytes, not time: each read
 * may wait up to the read timeout.
 */
final class DrainOrAbort implements Apache5ConnectionClosingStrategy {
  static final int BUDGET = 64 * 1024;

  @Override
  public void close(
      ClientRequest clientRequest,
      HttpUriRequest request,
      CloseableHttpResponse response,
      InputStream stream)
      throws IOException {
    if (endsWithinOrBreaks(stream)) {
      stream.close(); // the connection goes back to the pool
      response.close();
      return;
    }
    request.abort();
    try {
      response.close();
    } catch (IOException discarded) {
      // the aborted connection is gone: nothing is left to release, and a close reports nothing
    }
  }

  /** False for a rest that breaks off: its connection is of no further use either. */
  private static boolean endsWithinOrBreaks(InputStream stream) {
    try {
      return endsWithin(stream);
    } catch (IOException broken) {
      return false; // the caller has had its answer or its error already; closing changes neither
    }
  }

  /** True when the rest is at most {@link #BUDGET} bytes; reads no more than one byte beyond. */
  static boolean endsWithin(InputStream stream) throws IOException {
    if (stream.read() < 0) {
      return true; // read to its end: the common case, without a buffer
    }
    byte[] buffer = new byte[8192];
    for (int read = 1; read <= BUDGET; ) {
      int more = stream.read(buffer, 0, Math.min(buffer.length, BUDGET + 1 - read));
      if (more < 0) {
        return true;
      }
      read += more;
    }
    return false;
  }
}
