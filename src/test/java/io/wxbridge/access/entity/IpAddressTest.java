package io.wxbridge.access.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

  @ParameterizedTest
  @CsvSource({
    "203.0.113.7, 203.0.113.7",
    " 203.0.113.7 , 203.0.113.7",
    "203.0.113.7:4711, 203.0.113.7",
    "::1, 0:0:0:0:0:0:0:1",
    "[2001:db8::1]:443, 2001:db8:0:0:0:0:0:1",
    "[2001:db8::1], 2001:db8:0:0:0:0:0:1",
    "::ffff:10.0.0.1, 10.0.0.1",
  })
  void literals(String text, String address) {
    assertEquals(address, IpAddress.parse(text).orElseThrow().toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "unknown",
        "localhost",
        "example.com",
        "_hidden",
        "999.1.1.1",
        "1.2.3.4.5",
        "2001:db8::g",
        "1:2:3:4:5:6:7:8:9"
      })
  void notLiteralsAndNeverLookedUp(String text) {
    assertEquals(Optional.empty(), IpAddress.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a.b.c.d"})
  void namesAreNotResolved(String text) {
    assertTrue(IpAddress.parse(text).isEmpty(), "a host name is not resolved into an address");
  }
}
