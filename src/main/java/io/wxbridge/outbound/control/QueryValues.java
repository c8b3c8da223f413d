package io.wxbridge.outbound.control;

import java.nio.charset.StandardCharsets;

/**
 * A query parameter value that came from outside the bridge (an openid or media_id from Udesk, a
 * caller's customChannel), percent-encoded before it is handed to a REST client. The clients build
 * their query with {@code UriBuilder.queryParam}, which reads {@code {…}} as a URI template (Jersey
 * then cannot build the URI at all) and leaves an existing {@code %XX} as it is (so "50%41" arrived
 * as "50A"). Encoded here, every byte but RFC 3986's unreserved characters is a {@code %XX}, which
 * both servers' clients keep unchanged: the upstream decodes exactly the value given.
 */
public final class QueryValues {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private QueryValues() {}

  /**
   * {@code value} percent-encoded as UTF-8; null stays null (the client then sends no parameter).
   */
  public static String encoded(String value) {
    if (value == null || value.chars().allMatch(QueryValues::unreserved)) {
      return value;
    }
    StringBuilder encoded = new StringBuilder(value.length() * 3);
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      if (unreserved(b)) {
        encoded.append((char) b);
      } else {
        encoded.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
      }
    }
    return encoded.toString();
  }

  private static boolean unreserved(int c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }
}
