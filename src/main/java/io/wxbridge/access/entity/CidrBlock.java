package io.wxbridge.access.entity;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * One network in CIDR notation (203.0.113.0/24, 2001:db8::/32), or one address (a full-length
 * prefix).
 */
public record CidrBlock(byte[] network, int prefixLength) {

  public CidrBlock {
    network = network.clone();
  }

  /**
   * @throws IllegalArgumentException when the text is not an IP literal with an optional /prefix
   */
  public static CidrBlock parse(String text) {
    String trimmed = text.trim();
    int slash = trimmed.indexOf('/');
    String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
    boolean withPort = address.contains("[") || address.matches("[0-9.]+:\\d+");
    byte[] network =
        IpAddress.parse(address)
            .filter(ip -> !withPort)
            .map(IpAddress::bytes)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "'" + trimmed + "' is not an IP address or CIDR block"));
    int bits = network.length * 8;
    // an IPv4-mapped IPv6 block (::ffff:10.0.0.0/104) counts its prefix over 128 bits; the address
    // is kept as IPv4, as clients' mapped addresses are
    int written = address.contains(":") ? 128 : bits;
    int prefix = bits;
    if (slash >= 0) {
      String length = trimmed.substring(slash + 1);
      int lowest = written - bits;
      if (!length.matches("\\d{1,3}")
          || Integer.parseInt(length) > written
          || Integer.parseInt(length) < lowest) {
        throw new IllegalArgumentException(
            "'" + trimmed + "' has a prefix length outside " + lowest + ".." + written);
      }
      prefix = Integer.parseInt(length) - lowest;
    }
    return new CidrBlock(network, prefix);
  }

  public boolean contains(IpAddress ip) {
    byte[] candidate = ip.bytes();
    if (candidate.length != network.length) {
      return false;
    }
    int whole = prefixLength / 8;
    for (int i = 0; i < whole; i++) {
      if (candidate[i] != network[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest == 0) {
      return true;
    }
    int mask = 0xFF << (8 - rest) & 0xFF;
    return (candidate[whole] & mask) == (network[whole] & mask);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CidrBlock that
        && prefixLength == that.prefixLength
        && Arrays.equals(network, that.network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefixLength;
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
    } catch (UnknownHostException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
