package io.wxbridge.outbound.control;

import java.nio.charset.StandardCharsets;

/**
 * A query parameter value percent-encoded for Jersey's MicroProfile REST client (Payara), which
 * builds its query with {@code UriBuilder.queryParam}: that reads {@code {…}} as a URI template
 * (the URI could not be built at all: a customChannel "vip{1}" failed the call) and leaves an
 * existing {@code %XX} as it is ("50%41" arrived as "50A"). Encoded here, every byte but RFC 3986's
 * unreserved characters is a {@code %XX}, which Jersey keeps: the upstream decodes exactly the
 * value given. RESTEasy (WildFly) encodes the value itself and would encode these escapes again, so
 * it is not used there ({@link PlainStringParameters}).
 */
final class QueryValues {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private QueryValues() {}

  /** {@code value} percent-encoded as UTF-8, or itself when it holds only unreserved characters. */
  static String encoded(String value) {
    if (onlyUnreserved(value)) {
      return value; // access_token, openid, media_id as WeChat makes them: the common case
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

  private static boolean onlyUnreserved(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (!unreserved(value.charAt(i))) {
        return false;
      }
    }
    return true;
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
