package io.wxbridge.access.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wxbridge.access.entity.IpAddress;
import io.wxbridge.access.entity.Networks;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OriginalCallerTest {
  private final OriginalCaller behindProxies =
      new OriginalCaller(Networks.parse("10.0.0.0/8, ::1"));

  private static Optional<IpAddress> ip(String text) {
    return IpAddress.parse(text);
  }

  @Test
  void aDirectCallerIsThePeerWhateverItClaims() {
    assertEquals(ip("198.51.100.9"), behindProxies.resolve("198.51.100.9", List.of("203.0.113.7")));
    assertEquals(
        ip("198.51.100.9"),
        new OriginalCaller(Networks.NONE).resolve("198.51.100.9", List.of("10.0.0.1")));
  }

  @Test
  void behindATrustedProxyTheRightMostUntrustedHopIsTheCaller() {
    assertEquals(ip("203.0.113.7"), behindProxies.resolve("10.0.0.2", List.of("203.0.113.7")));
    // the caller wrote "1.1.1.1" itself; our proxies appended what they saw
    assertEquals(
        ip("203.0.113.7"),
        behindProxies.resolve("10.0.0.2", List.of("1.1.1.1, 203.0.113.7, 10.0.0.3")));
    assertEquals(
        ip("203.0.113.7"),
        behindProxies.resolve("::1", List.of("1.1.1.1", "203.0.113.7,10.0.0.3")));
  }

  @Test
  void onlyTrustedHopsMeansTheLeftMostIsTheCaller() {
    assertEquals(ip("10.0.0.5"), behindProxies.resolve("10.0.0.2", List.of("10.0.0.5, 10.0.0.3")));
    assertEquals(ip("10.0.0.2"), behindProxies.resolve("10.0.0.2", List.of()));
    assertEquals(ip("10.0.0.2"), behindProxies.resolve("10.0.0.2", null));
  }

  @Test
  void aHopThatIsNotAnAddressDecidesNothing() {
    assertEquals(
        Optional.empty(), behindProxies.resolve("10.0.0.2", List.of("203.0.113.7, unknown")));
    assertEquals(Optional.empty(), behindProxies.resolve("not-an-ip", List.of()));
  }

  @Test
  void portsAndBracketsInHops() {
    assertEquals(ip("203.0.113.7"), behindProxies.resolve("10.0.0.2", List.of("203.0.113.7:5555")));
    assertEquals(
        ip("2001:db8::7"), behindProxies.resolve("10.0.0.2", List.of("[2001:db8::7]:443")));
  }
}
