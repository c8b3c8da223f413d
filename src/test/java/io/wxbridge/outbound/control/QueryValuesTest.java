package io.wxbridge.outbound.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Query values reach the upstream exactly as given (through Jersey's client). */
class QueryValuesTest {
  @Test
  void everythingButUnreservedCharactersIsPercentEncodedAsUtf8() {
    String value = "vip{1} 50%41 a&b=c+d/渠道";
    String encoded = QueryValues.encoded(value);
    assertEquals("vip%7B1%7D%2050%2541%20a%26b%3Dc%2Bd%2F%E6%B8%A0%E9%81%93", encoded);
    assertEquals(value, URLDecoder.decode(encoded, StandardCharsets.UTF_8));
  }

  @Test
  void aPlainValueIsHandedOnAsItIs() {
    String openid = "oAbc-123_x.y~z";
    assertSame(openid, QueryValues.encoded(openid));
  }
}
