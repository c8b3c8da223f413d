package io.wxbridge.testing;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Connections to the bridge that each sent a request's head and the start of its body, then stall
 * (a stranger holding the bridge's threads); closed by the caller.
 */
public final class StalledRequests {
  private StalledRequests() {}

  /**
   * @param requestLine e.g. {@code POST /x HTTP/1.1} (the Host header follows it)
   * @param rest the other headers, the blank line and the start of the body
   */
  public static List<Socket> open(int count, String requestLine, String rest) throws IOException {
    URI bridge = TestBridge.url("/");
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        Socket socket = new Socket(bridge.getHost(), bridge.getPort());
        stalled.add(socket);
        socket.setSoTimeout(10_000);
        socket
            .getOutputStream()
            .write(
                (requestLine + "\r\nHost: " + bridge.getHost() + "\r\n" + rest)
                    .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
      }
      return stalled;
    } catch (IOException failed) {
      close(stalled);
      throw failed;
    }
  }

  public static void close(List<Socket> stalled) throws IOException {
    for (Socket socket : stalled) {
      socket.close();
    }
  }

  /**
   * How many of these connections the bridge let go within 3 s: answered 503, or closed (WildFly
   * closes a refused request's connection; with the body's bytes unread, Linux resets it, and the
   * answer may be lost with the reset). The others are still being read.
   */
  public static int refusedAtOnce(List<Socket> sockets) throws Exception {
    Thread.sleep(3_000);
    int refused = 0;
    for (Socket socket : sockets) {
      socket.setSoTimeout(20);
      try {
        String status =
            new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
        refused += status.isEmpty() || status.equals("HTTP/1.1 503") ? 1 : 0;
      } catch (java.net.SocketTimeoutException stillRead) {
        // holds a slow-body permit
      } catch (java.net.SocketException reset) {
        refused++;
      }
    }
    return refused;
  }
}
