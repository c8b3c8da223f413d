package io.wxbridge.access.control;

import io.wxbridge.access.entity.IpAddress;
import io.wxbridge.access.entity.Networks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the address a request really came from. The direct peer is the caller unless it is one of
 * our own reverse proxies; then X-Forwarded-For is read from the right (each proxy appends the
 * address it saw) and the right-most hop that is not a trusted proxy is the caller. Hops further
 * left were written by the caller itself and are never believed.
 */
public final class OriginalCaller {
  private final Networks trustedProxies;

  public OriginalCaller(Networks trustedProxies) {
    this.trustedProxies = trustedProxies;
  }

  /**
   * @param peer the TCP peer's address (HttpServletRequest.getRemoteAddr)
   * @param forwardedFor every X-Forwarded-For header, in the order received
   * @return the caller, or empty when the hop that decides is not an IP address
   */
  public Optional<IpAddress> resolve(String peer, List<String> forwardedFor) {
    Optional<IpAddress> hop = IpAddress.parse(peer);
    List<String> hops = hops(forwardedFor);
    for (int i = hops.size() - 1;
        i >= 0 && hop.isPresent() && trustedProxies.contains(hop.get());
        i--) {
      hop = IpAddress.parse(hops.get(i));
    }
    return hop;
  }

  private static List<String> hops(List<String> headers) {
    List<String> hops = new ArrayList<>();
    for (String header : headers == null ? List.<String>of() : headers) {
      for (String hop : header.split(",")) {
        if (!hop.isBlank()) {
          hops.add(hop.trim());
        }
      }
    }
    return hops;
  }
}
