package io.wxbridge.access.boundary;

import io.wxbridge.access.control.CallerRestrictions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.logging.Logger;
import java.util.stream.StreamSupport;
import org.eclipse.microprofile.config.Config;

/**
 * Reads every *.allowed-ips list and bridge.trusted-proxies at start, so a typo is reported when
 * the bridge boots rather than when Udesk's first call is refused.
 */
@ApplicationScoped
public class AllowListStartupReport {
  private static final Logger LOG = Logger.getLogger(AllowListStartupReport.class.getName());

  @Inject Config config;
  @Inject CallerRestrictions restrictions;

  /**
   * bridge.*.allowed-ips and bridge.trusted-proxies, also as environment variables
   * (BRIDGE_UDESK_ALLOWED_IPS).
   */
  static boolean isNetworkList(String key) {
    String dotted = key.toLowerCase(Locale.ROOT).replace('_', '.').replace('-', '.');
    return dotted.startsWith("bridge.")
        && (dotted.endsWith(".allowed.ips") || dotted.equals("bridge.trusted.proxies"));
  }

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
    StreamSupport.stream(config.getPropertyNames().spliterator(), false)
        .filter(AllowListStartupReport::isNetworkList)
        .distinct()
        .sorted()
        .forEach(
            key ->
                restrictions
                    .networks(key)
                    .ifPresent(
                        networks ->
                            LOG.info(
                                () ->
                                    key
                                        + ": "
                                        + (networks.isEmpty() ? "not set" : networks.blocks()))));
  }
}
