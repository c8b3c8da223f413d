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
 * it is announced to be, on the thread that closes it (as the JDK's client did for a short rest).
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
    try {
      if (endsWithin(stream)) {
        stream.close(); // the connection goes back to the pool
      } else {
        request.abort();
      }
    } catch (IOException broken) {
      request.abort(); // the connection is of no further use; nothing to report on a close
    } finally {
      response.close();
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
