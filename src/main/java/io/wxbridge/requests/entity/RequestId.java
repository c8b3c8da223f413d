package io.wxbridge.requests.entity;

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

  public static RequestId generate() {
    // twelve hex digits; String.format parsed its pattern on every request (1 % of a relayed send)
    String hex = Long.toHexString(ThreadLocalRandom.current().nextLong(1L << 48));
    return new RequestId("0".repeat(12 - hex.length()) + hex);
  }

  /**
   * The id stored in a request's property, or a new one when there is none (a request the filter
   * did not see).
   */
  public static RequestId of(Object property) {
    return property instanceof RequestId id ? id : generate();
  }

  @Override
  public String toString() {
    return value;
  }
}
