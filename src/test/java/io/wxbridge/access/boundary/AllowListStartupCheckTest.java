package io.wxbridge.access.boundary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AllowListStartupCheckTest {

  @Test
  void findsTheListsWhateverTheyAreConfiguredWith() {
    assertTrue(AllowListStartupCheck.isNetworkList("bridge.udesk.allowed-ips"), "bridge.udesk.allowed-ips is a network list");
    assertTrue(AllowListStartupCheck.isNetworkList("bridge.video-recall.allowed-ips"), "bridge.video-recall.allowed-ips is a network list");
    assertTrue(AllowListStartupCheck.isNetworkList("BRIDGE_UDESK_ALLOWED_IPS"), "the environment-variable form BRIDGE_UDESK_ALLOWED_IPS is a network list");
    assertTrue(AllowListStartupCheck.isNetworkList("bridge.trusted-proxies"), "bridge.trusted-proxies is a network list");
    assertTrue(AllowListStartupCheck.isNetworkList("BRIDGE_TRUSTED_PROXIES"), "the environment-variable form BRIDGE_TRUSTED_PROXIES is a network list");
    assertFalse(AllowListStartupCheck.isNetworkList("bridge.accounts"), "bridge.accounts is not a network list");
    assertFalse(AllowListStartupCheck.isNetworkList("other.allowed-ips"), "a key outside bridge.* is not a network list");
  }
}
