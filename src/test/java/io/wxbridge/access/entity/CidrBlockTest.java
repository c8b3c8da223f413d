package io.wxbridge.access.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrBlockTest {

  private static IpAddress ip(String text) {
    return IpAddress.parse(text).orElseThrow();
  }

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
    "203.0.113.0/24, 203.0.113.7, true",
    "203.0.113.0/24, 203.0.114.7, false",
    "10.0.0.0/8, 10.255.255.255, true",
    "10.0.0.0/8, 11.0.0.0, false",
    "192.168.1.5, 192.168.1.5, true",
    "192.168.1.5, 192.168.1.6, false",
    "192.168.1.5/32, 192.168.1.5, true",
    "172.16.0.0/12, 172.31.255.1, true",
    "172.16.0.0/12, 172.32.0.1, false",
    "0.0.0.0/0, 8.8.8.8, true",
    "0.0.0.0/0, ::1, false",
    "2001:db8::/32, 2001:db8:ffff::1, true",
    "2001:db8::/32, 2001:db9::1, false",
    "::1, ::1, true",
    "::1/128, 0:0:0:0:0:0:0:1, true",
    "2001:db8::/33, 2001:db8:7fff::1, true",
    "2001:db8::/33, 2001:db8:8000::1, false",
    "203.0.113.0/24, ::ffff:203.0.113.9, true",
    "10.1.2.3/8, 10.9.9.9, true",
    "::ffff:127.0.0.10/128, 127.0.0.10, true",
    "::ffff:127.0.0.10/128, 127.0.0.11, false",
    "::ffff:10.0.0.0/104, 10.9.9.9, true",
    "::ffff:10.0.0.0/104, ::ffff:11.0.0.1, false",
    "::ffff:10.0.0.0/96, 8.8.8.8, true",
  })
  void containment(String block, String address, boolean contained) {
    assertEquals(contained, CidrBlock.parse(block).contains(ip(address)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "localhost",
        "example.com",
        "10.0.0.0/33",
        "10.0.0.0/",
        "10.0.0.0/-1",
        "2001:db8::/129",
        "::ffff:10.0.0.0/95", // wider than every IPv4-mapped address
        "256.1.1.1",
        "10.0.0.1:80",
        "1.2.3",
        "[::1]",
        "10.0.0.0/8/8"
      })
  void malformed(String block) {
    assertThrows(IllegalArgumentException.class, () -> CidrBlock.parse(block));
  }

  @Test
  void networksList() {
    Networks networks = Networks.parse(" 10.0.0.0/8, 2001:db8::/32 192.168.0.1 ");
    assertEquals(3, networks.blocks().size());
    assertTrue(networks.contains(ip("2001:db8::5")), "2001:db8::5 lies in 2001:db8::/32");
    assertFalse(
        networks.contains(ip("192.168.0.2")),
        "192.168.0.2 lies in none of the blocks (192.168.0.1 is a single address)");
    assertTrue(Networks.parse("").isEmpty(), "an empty list has no blocks");
    assertTrue(Networks.parse(null).isEmpty(), "an unset list has no blocks");
    assertThrows(IllegalArgumentException.class, () -> Networks.parse("10.0.0.0/8, nonsense"));
  }

  @Test
  void readable() {
    assertEquals("10.0.0.0/8", CidrBlock.parse("10.0.0.0/8").toString());
  }
}
