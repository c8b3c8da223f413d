package io.wxbridge.access.control;

import io.wxbridge.access.entity.IpAddress;
import io.wxbridge.access.entity.Networks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Decides whether a caller may use a face, from the face's allow-list key (e.g.
 * bridge.udesk.allowed-ips) and bridge.trusted-proxies. A face whose key is unset is open to
 * everyone. A list that cannot be read shuts the face: failing open would expose it silently.
 */
@ApplicationScoped
public class CallerRestrictions {
  public static final String TRUSTED_PROXIES = "bridge.trusted-proxies";
  private static final Logger LOG = Logger.getLogger(CallerRestrictions.class.getName());

  @Inject Config config;

  private final Map<String, Optional<Networks>> lists = new ConcurrentHashMap<>();

  /**
   * @throws CallerNotAllowedException 403 when the caller is outside the list, 503 when a list is
   *     malformed
   */
  public void check(String allowListKey, String peer, List<String> forwardedFor) {
    Networks allowed =
        networks(allowListKey)
            .orElseThrow(() -> CallerNotAllowedException.unreadableList(allowListKey));
    if (allowed.isEmpty()) {
      return;
    }
    Networks proxies =
        networks(TRUSTED_PROXIES)
            .orElseThrow(() -> CallerNotAllowedException.unreadableList(allowListKey));
    Optional<IpAddress> caller = new OriginalCaller(proxies).resolve(peer, forwardedFor);
    if (caller.isEmpty() || !allowed.contains(caller.get())) {
      throw CallerNotAllowedException.outside(
          caller.map(IpAddress::toString).orElse("(not an IP address)"), allowListKey);
    }
  }

  /**
   * Whether the caller is inside the networks under this key: false when the list is unset,
   * malformed or does not contain the caller (for lists that grant access rather than restrict it).
   */
  public boolean allows(String allowListKey, String peer, List<String> forwardedFor) {
    Optional<Networks> allowed = networks(allowListKey).filter(list -> !list.isEmpty());
    Optional<Networks> proxies = networks(TRUSTED_PROXIES);
    if (allowed.isEmpty() || proxies.isEmpty()) {
      return false;
    }
    return new OriginalCaller(proxies.get())
        .resolve(peer, forwardedFor)
        .filter(allowed.get()::contains)
        .isPresent();
  }

  /**
   * The networks configured under a key (none when unset), or empty when the value is malformed.
   */
  public Optional<Networks> networks(String key) {
    return lists.computeIfAbsent(key, this::read);
  }

  private Optional<Networks> read(String key) {
    try {
      return Optional.of(Networks.parse(config.getOptionalValue(key, String.class).orElse(null)));
    } catch (IllegalArgumentException malformed) {
      LOG.severe(
          key
              + " is malformed ("
              + malformed.getMessage()
              + "): the faces it guards refuse every caller");
      return Optional.empty();
    }
  }
}
