package io.wxbridge.access.entity;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address read from text without ever asking DNS (InetAddress.getByName would look
 * a host name up, and X-Forwarded-For is written by the caller). IPv4-mapped IPv6 addresses become
 * IPv4, so one rule covers both spellings of the same caller.
 */
public record IpAddress(InetAddress address) {
  private static final Pattern IPV4 =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[0-9A-Za-z_.-]+)?");

  /**
   * The address in the text, or empty if it is not an IP literal; a port or brackets may surround
   * it.
   */
  public static Optional<IpAddress> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String literal = withoutPort(text.trim());
    Matcher v4 = IPV4.matcher(literal);
    if (v4.matches()) {
      return ipv4(v4);
    }
    if (literal.indexOf(':') >= 0 && IPV6.matcher(literal).matches()) {
      try {
        // a bracketed literal is never looked up: getByName throws if it is not an IPv6 address
        return Optional.of(new IpAddress(InetAddress.getByName("[" + literal + "]")));
      } catch (UnknownHostException notAnAddress) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  public byte[] bytes() {
    return address.getAddress();
  }

  private static String withoutPort(String text) {
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      return close < 0 ? text : text.substring(1, close);
    }
    int colon = text.indexOf(':');
    if (colon > 0 && colon == text.lastIndexOf(':')) {
      return text.substring(0, colon); // 203.0.113.7:4711
    }
    return text;
  }

  private static Optional<IpAddress> ipv4(Matcher octets) {
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      int octet = Integer.parseInt(octets.group(i + 1));
      if (octet > 255) {
        return Optional.empty();
      }
      bytes[i] = (byte) octet;
    }
    try {
      return Optional.of(new IpAddress(InetAddress.getByAddress(bytes)));
    } catch (UnknownHostException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  @Override
  public String toString() {
    return address.getHostAddress();
  }
}
