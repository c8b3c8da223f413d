package io.wxbridge.requests.entity;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The correlation id of one request: 12 random hex digits, enough to tell apart the requests of a
 * day's logs. Not a secret and not unguessable (the caller is told it), so a cheap random source.
 */
public record RequestId(String value) {
  /** The response header that tells the caller its request's id. */
  public static final String HEADER = "X-Request-Id";

  /**
   * The request property (a servlet request attribute in a servlet container) that holds the id.
   */
  public static final String PROPERTY = "io.wxbridge.request-id";

  private static final HexFormat HEX = HexFormat.of();

  public static RequestId generate() {
    // not String.format: a Formatter per request showed in a push's profile
    return new RequestId(
        HEX.toHexDigits(ThreadLocalRandom.current().nextLong(1L << 48)).substring(4));
  }

  /**
   * The id stored in a request's property, or a new one when there is none (a request the filter
   * did not see).
   */
  public static RequestId of(Object property) {
    return property instanceof RequestId id ? id : generate();
  }

  /**
   * The id in the request header {@value #HEADER}, which the bridge's request filter sets (over any
   * the caller sent), or a new one when there is none (a request the filter did not see).
   */
  public static RequestId ofHeader(String header) {
    return header == null || header.isEmpty() ? generate() : new RequestId(header);
  }

  @Override
  public String toString() {
    return value;
  }
}
