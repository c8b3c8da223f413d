package io.wxbridge.videorecall.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.wxbridge.videorecall.entity.UdeskVideoHeaders;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * The authentication headers of a request to Udesk's video API, under the names of Udesk's document
 * and under others.
 */
class UdeskSigningFilterTest {
  private final UdeskRequestSigner signer =
      new UdeskRequestSigner(Clock.fixed(Instant.ofEpochSecond(1607400490), ZoneOffset.UTC));

  /** A request context of which the filter uses only the headers (the JAX-RS API's own map). */
  private static ClientRequestContext request(MultivaluedMap<String, Object> headers) {
    return (ClientRequestContext)
        Proxy.newProxyInstance(
            ClientRequestContext.class.getClassLoader(),
            new Class<?>[] {ClientRequestContext.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getHeaders")) {
                return headers;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  @Test
  void addsTheSeedsFourHeadersWithATokenOverThemAndTheSecret() {
    MultivaluedMap<String, Object> headers = new MultivaluedHashMap<>();
    new UdeskSigningFilter(
            () -> signer.sign("company-1", "s3cret"),
            new UdeskVideoHeaders("appId", "nonce", "timestap", "token"))
        .filter(request(headers));

    assertEquals("company-1", headers.getFirst("appId"));
    assertEquals("1607400490", headers.getFirst("timestap"));
    String nonce = (String) headers.getFirst("nonce");
    assertEquals(signer.token("company-1", "s3cret", nonce, 1607400490), headers.getFirst("token"));
    assertEquals(4, headers.size(), "nothing else, the secret least of all: " + headers);
  }

  @Test
  void usesConfiguredNamesAndSignsEveryRequestAnew() {
    UdeskVideoHeaders names =
        new UdeskVideoHeaders("X-Udesk-AppId", "X-Nonce", "timestamp", "X-Token");
    UdeskSigningFilter filter =
        new UdeskSigningFilter(() -> signer.sign("company-1", "s3cret"), names);
    MultivaluedMap<String, Object> first = new MultivaluedHashMap<>();
    MultivaluedMap<String, Object> second = new MultivaluedHashMap<>();
    filter.filter(request(first));
    filter.filter(request(second));

    assertEquals("company-1", first.getFirst("X-Udesk-AppId"));
    assertEquals("1607400490", first.getFirst("timestamp"));
    assertEquals(
        signer.token("company-1", "s3cret", (String) first.getFirst("X-Nonce"), 1607400490),
        first.getFirst("X-Token"));
    assertNotEquals(
        first.getFirst("X-Nonce"), second.getFirst("X-Nonce"), "a fresh nonce per request");
  }
}
