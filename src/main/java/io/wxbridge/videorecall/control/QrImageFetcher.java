package io.wxbridge.videorecall.control;

import io.wxbridge.videorecall.entity.ImageType;
import io.wxbridge.videorecall.entity.QrImage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Downloads the QR image Udesk's answer points at, whole or not at all: at most
 * bridge.video.image-max-bytes, all of it (redirects included; not the host name lookups) within
 * bridge.video.image-timeout, and only PNG, JPEG or GIF (what WeChat takes as image media). The URL
 * is any image host Udesk chooses (an object store), not an API, so this is the JDK's HttpClient
 * rather than a typed REST client.
 *
 * <p>It is the only URL the bridge fetches that a remote answer chose, so it must not become a way
 * into the bridge's own network: a host that resolves to a loopback, private, link-local or other
 * non-public address is refused unless bridge.video.image-allow-private-addresses=true, and a
 * redirect is followed only to the same scheme, host and port (at most {@value #MAX_REDIRECTS}).
 */
@ApplicationScoped
public class QrImageFetcher {
  static final int MAX_REDIRECTS = 3;

  @Inject VideoRecallSettings settings;

  private HttpClient client;

  /**
   * GET the qrCodeUrl from Udesk's answer.
   *
   * @throws VideoRecallException too large, too slow, not 200, or not an image
   */
  public QrImage fetch(URI qrCodeUrl) {
    long deadline = System.nanoTime() + settings.imageTimeout().toNanos();
    URI url = qrCodeUrl;
    for (int redirects = 0; ; redirects++) {
      URI current = url;
      requireAllowedHost(current);
      HttpResponse<byte[]> response = get(current, deadline);
      int status = response.statusCode();
      if (status < 300 || status >= 400 || status == 304) {
        return image(response);
      }
      URI next =
          response
              .headers()
              .firstValue("Location")
              .map(location -> resolve(current, location))
              .orElseThrow(
                  () ->
                      VideoRecallException.imageFailed(
                          "the image host answered HTTP " + status + " without a Location"));
      if (!sameOrigin(current, next)) {
        throw VideoRecallException.imageFailed(
            "the image host redirected to another host, which is not followed");
      }
      if (redirects >= MAX_REDIRECTS) {
        throw VideoRecallException.imageFailed(
            "the image host redirected more than " + MAX_REDIRECTS + " times");
      }
      url = next;
    }
  }

  private void requireAllowedHost(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
      throw VideoRecallException.imageFailed("the QR code URL is not an http(s) URL");
    }
    if (settings.imageAllowPrivateAddresses()) {
      return;
    }
    try {
      for (InetAddress address : InetAddress.getAllByName(url.getHost())) {
        if (!isPublic(address)) {
          throw VideoRecallException.imageFailed(
              "the QR code URL points at a loopback, private or local address, which is"
                  + " refused (bridge.video.image-allow-private-addresses)");
        }
      }
    } catch (UnknownHostException unknown) {
      throw VideoRecallException.imageFailed("the image host's name cannot be resolved", unknown);
    }
  }

  /**
   * Public unicast: not loopback, wildcard, link-local, site-local (10/8, 172.16/12, 192.168/16),
   * ULA, CGNAT, multicast or reserved; an IPv6 address that carries an IPv4 one (IPv4-compatible,
   * NAT64, 6to4) is judged by that IPv4 address, and Teredo and local-use NAT64, whose IPv4 address
   * is not checked, are refused.
   */
  static boolean isPublic(InetAddress address) {
    if (address.isLoopbackAddress()
        || address.isAnyLocalAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return false;
    }
    byte[] raw = address.getAddress();
    if (address instanceof Inet6Address) {
      Optional<InetAddress> carried = carriedIpv4(raw);
      return carried.isPresent() ? isPublic(carried.get()) : isPublicIpv6(raw);
    }
    int first = raw[0] & 0xff;
    int second = raw[1] & 0xff;
    return first != 0 // 0/8
        && !(first == 100 && second >= 64 && second < 128) // 100.64/10, carrier-grade NAT
        && !(first == 192 && second == 0 && raw[2] == 0) // 192.0.0/24, IETF protocol assignments
        && !(first == 198 && (second & 0xfe) == 18) // 198.18/15, benchmarking
        && first < 240; // 240/4 reserved, 255.255.255.255
  }

  /** The IPv4 address in ::a.b.c.d, 64:ff9b::a.b.c.d (NAT64) or 2002:aabb:ccdd:: (6to4). */
  private static Optional<InetAddress> carriedIpv4(byte[] v6) {
    int from;
    if (zeros(v6, 0, 12)) {
      from = 12;
    } else if (v6[0] == 0
        && v6[1] == 0x64
        && v6[2] == (byte) 0xff
        && v6[3] == (byte) 0x9b
        && zeros(v6, 4, 12)) {
      from = 12;
    } else if (v6[0] == 0x20 && v6[1] == 0x02) {
      from = 2;
    } else {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(Arrays.copyOfRange(v6, from, from + 4)));
    } catch (UnknownHostException impossible) {
      throw new IllegalStateException(impossible); // four bytes are always an address
    }
  }

  private static boolean isPublicIpv6(byte[] raw) {
    boolean uniqueLocal = (raw[0] & 0xfe) == 0xfc; // fc00::/7
    boolean teredo = raw[0] == 0x20 && raw[1] == 0x01 && raw[2] == 0 && raw[3] == 0; // 2001::/32
    boolean nat64 = raw[0] == 0 && raw[1] == 0x64 && raw[2] == (byte) 0xff && raw[3] == (byte) 0x9b;
    return !uniqueLocal && !teredo && !nat64; // the rest of 64:ff9b::/32: local-use NAT64
  }

  private static boolean zeros(byte[] raw, int from, int to) {
    for (int i = from; i < to; i++) {
      if (raw[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static URI resolve(URI base, String location) {
    try {
      return base.resolve(location.strip());
    } catch (IllegalArgumentException malformed) {
      throw VideoRecallException.imageFailed("the image host redirected to a malformed URL");
    }
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(String.valueOf(b.getScheme()))
        && a.getHost().equalsIgnoreCase(String.valueOf(b.getHost()))
        && port(a) == port(b);
  }

  private static int port(URI url) {
    return url.getPort() >= 0
        ? url.getPort()
        : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
  }

  /** One request, within what is left of the whole fetch's time. */
  private HttpResponse<byte[]> get(URI url, long deadline) {
    long timeout = settings.imageTimeout().toMillis();
    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (left <= 0) {
      throw VideoRecallException.imageTimedOut(timeout);
    }
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .GET()
            .timeout(Duration.ofMillis(left))
            .header("Accept", "image/png,image/jpeg,image/gif,image/*;q=0.8")
            .build();
    CompletableFuture<HttpResponse<byte[]>> download =
        client().sendAsync(request, info -> new BoundedBytes(settings.imageMaxBytes()));
    try {
      return download.get(left, TimeUnit.MILLISECONDS);
    } catch (TimeoutException late) {
      download.cancel(true);
      throw VideoRecallException.imageTimedOut(timeout);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      download.cancel(true);
      throw VideoRecallException.imageFailed("interrupted", interrupted);
    } catch (ExecutionException failed) {
      throw failure(failed.getCause(), timeout);
    }
  }

  private static QrImage image(HttpResponse<byte[]> response) {
    if (response.statusCode() != 200) {
      throw VideoRecallException.imageFailed(
          "the image host answered HTTP " + response.statusCode());
    }
    byte[] image = response.body();
    return ImageType.of(image)
        .map(type -> new QrImage(image, type))
        .orElseThrow(
            () -> VideoRecallException.imageFailed("the answer is not a PNG, JPEG or GIF image"));
  }

  private static VideoRecallException failure(Throwable failure, long timeout) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof BoundedBytes.TooLarge tooLarge) {
        return VideoRecallException.imageFailed("the image is " + tooLarge.getMessage());
      }
      if (cause instanceof HttpTimeoutException) {
        return VideoRecallException.imageTimedOut(timeout);
      }
    }
    return VideoRecallException.imageFailed(
        "the image host could not be reached or broke the connection", failure);
  }

  private synchronized HttpClient client() {
    if (client == null) {
      client =
          HttpClient.newBuilder()
              .connectTimeout(settings.imageTimeout())
              .followRedirects(HttpClient.Redirect.NEVER) // followed by hand, same host only
              .build();
    }
    return client;
  }
}
