package io.wxbridge.videorecall.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import io.wxbridge.testing.FakeServer;
import io.wxbridge.testing.FakeUdeskVideoApi;
import io.wxbridge.videorecall.entity.ImageType;
import io.wxbridge.videorecall.entity.QrImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The QR image is fetched whole, within the size and time bounds, and only if it is an image. */
class QrImageFetcherTest {
  private static final byte[] PNG = FakeUdeskVideoApi.png();
  private static final ImageHost HOST = new ImageHost();

  /** An object store with one well-behaved and several badly-behaved objects. */
  static final class ImageHost extends FakeServer {
    @Override
    protected void handle(HttpExchange exchange) throws IOException {
      record(exchange);
      String path = exchange.getRequestURI().getPath();
      switch (path) {
        case "/qr.png" -> send(exchange, 200, PNG, PNG.length);
        case "/big.png" -> send(exchange, 200, new byte[4096], 4096);
        case "/endless.png" -> endless(exchange);
        case "/slow.png" -> {
          pause(1_500);
          send(exchange, 200, PNG, PNG.length);
        }
        case "/same-host.png" -> redirect(exchange, "/qr.png");
        case "/slow-hop-1.png" -> {
          pause(300);
          redirect(exchange, "/slow-hop-2.png");
        }
        case "/slow-hop-2.png" -> {
          pause(300);
          redirect(exchange, "/qr.png");
        }
        case "/loop.png" -> redirect(exchange, "/loop.png");
        case "/other-host.png" ->
            redirect(
                exchange, "http://localhost:" + exchange.getLocalAddress().getPort() + "/qr.png");
        case "/html.png" -> send(exchange, 200, "<html>AccessDenied</html>".getBytes(), 25);
        default -> send(exchange, 404, "<Error/>".getBytes(), 8);
      }
    }

    private static void send(HttpExchange exchange, int status, byte[] body, long length)
        throws IOException {
      exchange.sendResponseHeaders(status, length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
      exchange.getResponseHeaders().add("Location", location);
      send(exchange, 302, new byte[0], -1);
    }

    private static void endless(HttpExchange exchange) throws IOException {
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(PNG);
        for (int i = 0; i < 10_000; i++) {
          out.write(new byte[1024]);
        }
      } catch (IOException cancelled) {
        // the bridge hung up, as it should
      }
    }

    private static void pause(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private final QrImageFetcher fetcher = fetcher();

  private static QrImageFetcher fetcher() {
    // the test's image host is on loopback, so this fetcher allows it; see
    // loopbackIsRefusedByDefault
    return fetcher(
        Map.of(
            "bridge.video.image-max-bytes",
            "2048",
            "bridge.video.image-timeout",
            "500",
            "bridge.video.image-allow-private-addresses",
            "true"));
  }

  private static QrImageFetcher fetcher(Map<String, String> config) {
    VideoRecallSettings settings = new VideoRecallSettings();
    settings.load(key -> Optional.ofNullable(config.get(key)));
    QrImageFetcher fetcher = new QrImageFetcher();
    fetcher.settings = settings;
    return fetcher;
  }

  @AfterAll
  static void stop() {
    HOST.close();
  }

  @Test
  void fetchesAWholePng() {
    QrImage image = fetcher.fetch(HOST.url("/qr.png"));
    assertEquals(ImageType.PNG, image.type());
    assertArrayEquals(PNG, image.bytes());
  }

  @Test
  void tooLargeDeclaredOrStreamedIsRefused() {
    assertTrue(
        refused("/big.png").getMessage().contains("larger than 2048 bytes"),
        "a declared size over the limit is refused");
    assertTrue(
        refused("/endless.png").getMessage().contains("larger than 2048 bytes"),
        "a streamed body over the limit is stopped");
  }

  @Test
  void tooSlowIsA504() {
    VideoRecallException refused = refused("/slow.png");
    assertEquals(504, refused.status());
    assertTrue(
        refused.getMessage().contains("500 ms"),
        "the refusal names the time limit: " + refused.getMessage());
  }

  @Test
  void theTimeLimitIsForTheWholeFetchRedirectsIncluded() {
    VideoRecallException refused = refused("/slow-hop-1.png");
    assertEquals(504, refused.status(), "two hops of 300 ms each, within 500 ms each, not in all");
  }

  @Test
  void notAnImageOrNotFoundIsRefused() {
    assertTrue(
        refused("/html.png").getMessage().contains("not a PNG, JPEG or GIF"),
        "HTML is not taken for an image");
    assertTrue(
        refused("/gone.png").getMessage().contains("HTTP 404"),
        "an HTTP 404 of the image host is reported with its status");
  }

  @Test
  void anUnreachableHostIsRefused() {
    assertEquals(
        502,
        assertThrows(
                VideoRecallException.class,
                () -> fetcher.fetch(FakeServer.closedPortUrl("/qr.png")))
            .status());
  }

  @Test
  void loopbackAndPrivateAddressesAreRefusedByDefault() {
    QrImageFetcher strict = fetcher(Map.of("bridge.video.image-timeout", "500"));
    int before = HOST.received(r -> true).size();
    for (String url :
        new String[] {
          HOST.url("/qr.png").toString(),
          "http://localhost:1/qr.png",
          "http://10.1.2.3/qr.png",
          "http://[::1]:1/qr.png",
          "http://169.254.169.254/latest/meta-data"
        }) {
      VideoRecallException refused =
          assertThrows(VideoRecallException.class, () -> strict.fetch(java.net.URI.create(url)));
      assertTrue(
          refused.getMessage().contains("bridge.video.image-allow-private-addresses"),
          "the refusal of "
              + url
              + " names the key that allows private addresses: "
              + refused.getMessage());
    }
    assertEquals(before, HOST.received(r -> true).size(), "no request was made");
    assertTrue(
        QrImageFetcher.isPublic(address("203.0.113.7")),
        "a documentation address stands for a public one");
    assertFalse(
        QrImageFetcher.isPublic(address("100.64.0.1")),
        "carrier-grade NAT (100.64.0.0/10) is not public");
    assertFalse(
        QrImageFetcher.isPublic(address("fd00::1")),
        "an IPv6 unique local address (fc00::/7) is not public");
    for (String inside :
        new String[] {
          "64:ff9b::a00:5", // NAT64 of 10.0.0.5
          "::7f00:1", // IPv4-compatible 127.0.0.1
          "2002:c0a8:101::1", // 6to4 of 192.168.1.1
          "2001:0:4136:e378:8000:63bf:3fff:fdd2", // Teredo: its IPv4 address is not checked
          "64:ff9b:1::a00:5", // local-use NAT64
          "198.18.0.1",
          "192.0.0.8",
          "240.0.0.1",
          "255.255.255.255"
        }) {
      assertFalse(QrImageFetcher.isPublic(address(inside)), inside + " is not public");
    }
    assertTrue(
        QrImageFetcher.isPublic(address("64:ff9b::cb00:7107")), "NAT64 of 203.0.113.7 is public");
    assertTrue(QrImageFetcher.isPublic(address("2606:4700::1111")), "a global IPv6 address");
  }

  @Test
  void redirectsAreFollowedOnlyToTheSameHost() {
    assertArrayEquals(PNG, fetcher.fetch(HOST.url("/same-host.png")).bytes());
    assertTrue(
        refused("/other-host.png").getMessage().contains("another host"),
        "a redirect to another host is refused");
    assertTrue(
        refused("/loop.png").getMessage().contains("redirected more than 3 times"),
        "a redirect loop is stopped after 3 hops");
  }

  private static java.net.InetAddress address(String literal) {
    try {
      return java.net.InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private VideoRecallException refused(String path) {
    VideoRecallException refused =
        assertThrows(VideoRecallException.class, () -> fetcher.fetch(HOST.url(path)));
    assertTrue(
        refused.getMessage().contains("nothing was sent"),
        "every refusal says nothing was sent to the follower: " + refused.getMessage());
    return refused;
  }
}
