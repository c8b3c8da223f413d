package io.wxbridge.outbound.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wxbridge.outbound.control.OutboundClients.OutboundTimeouts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.apache.hc.core5.http.protocol.BasicHttpContext;
import org.apache.hc.core5.util.TimeValue;
import org.junit.jupiter.api.Test;

/** How long an idle connection is kept, and that the sweep closes it once that has run out. */
class ApacheTransportTest {
  @Test
  void anIdleConnectionIsKeptForTheServersKeepAliveAndAtMostFiveSeconds() {
    ApacheTransport.KeptIdle kept = new ApacheTransport.KeptIdle();

    assertEquals(TimeValue.ofSeconds(5), kept.getKeepAliveDuration(answer(null), context()));
    assertEquals(TimeValue.ofSeconds(1), kept.getKeepAliveDuration(answer("timeout=1"), context()));
    assertEquals(
        TimeValue.ofSeconds(5), kept.getKeepAliveDuration(answer("timeout=600"), context()));
  }

  @Test
  void theSweepClosesAConnectionPastItsKeepAliveAndNoneBefore() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        PoolingHttpClientConnectionManager pool =
            ApacheTransport.connections(OutboundTimeouts.ofMillis(2000, 2000));
        CloseableHttpClient client =
            HttpClients.custom()
                .setConnectionManager(pool)
                .setKeepAliveStrategy(new ApacheTransport.KeptIdle())
                .build()) {
      CompletableFuture<Socket> serverSide =
          CompletableFuture.supplyAsync(() -> answerOnceAndKeepOpen(server));

      String body =
          client.execute(
              new HttpGet("http://127.0.0.1:" + server.getLocalPort() + "/"),
              answer -> new String(answer.getEntity().getContent().readAllBytes()));
      try (Socket accepted = serverSide.get(5, TimeUnit.SECONDS)) {
        assertEquals("ok", body);
        ApacheTransport.closeExpired(pool);
        assertEquals(1, pool.getTotalStats().getAvailable(), "kept within its keep-alive");

        Thread.sleep(1_200); // the server's Keep-Alive: timeout=1
        ApacheTransport.closeExpired(pool);

        assertEquals(0, pool.getTotalStats().getAvailable(), "no longer in the pool");
        accepted.setSoTimeout(2_000);
        assertEquals(-1, accepted.getInputStream().read(), "and closed: the server reads its end");
      }
    }
  }

  private static Socket answerOnceAndKeepOpen(ServerSocket server) {
    try {
      Socket socket = server.accept();
      readHead(socket.getInputStream());
      socket
          .getOutputStream()
          .write(
              "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nKeep-Alive: timeout=1\r\n\r\nok"
                  .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return socket;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the request ended before its head did");
      }
      head.write(b);
    }
  }

  private static BasicHttpResponse answer(String keepAlive) {
    BasicHttpResponse answer = new BasicHttpResponse(200);
    if (keepAlive != null) {
      answer.addHeader("Keep-Alive", keepAlive);
    }
    return answer;
  }

  private static BasicHttpContext context() {
    return new BasicHttpContext();
  }
}
