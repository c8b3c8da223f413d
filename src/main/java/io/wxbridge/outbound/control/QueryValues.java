package io.wxbridge.outbound.control;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A query parameter value percent-encoded for Jersey's MicroProfile REST client (Payara), which
 * builds its query with {@code UriBuilder.queryParam}: that reads {@code {…}} as a URI template
 * (the URI could not be built at all: a customChannel "vip{1}" failed the call) and leaves an
 * existing {@code %XX} as it is ("50%41" arrived as "50A"). Encoded here as the JDK's URLEncoder
 * does (a space as {@code %20}), every character but letters, digits and {@code . - * _} is a
 * {@code %XX}, which Jersey keeps: the upstream decodes exactly the value given. RESTEasy (WildFly)
 * encodes the value itself and would encode these escapes again, so it is not used there ({@link
 * PlainStringParameters}).
 */
final class QueryValues {
  private QueryValues() {}

  /** {@code value} percent-encoded as UTF-8, or itself when it holds only unreserved characters. */
  static String encoded(String value) {
    if (onlyUnreserved(value)) {
      return value; // access_token, openid, media_id as WeChat makes them: the common case
    }
    // %20 for a space, not the form encoding's '+'
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static boolean onlyUnreserved(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean unreserved =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '~';
      if (!unreserved) {
        return false;
      }
    }
    return true;
  }
}
