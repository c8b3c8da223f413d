package io.wxbridge.access.boundary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AllowListStartupCheckTest {

  @Test
  void findsTheListsWhateverTheyAreConfiguredWith() {
    assertTrue(AllowListStartupCheck.isNetworkList("bridge.udesk.allowed-ips"));
    assertTrue(AllowListStartupCheck.isNetworkList("bridge.video-recall.allowed-ips"));
    assertTrue(AllowListStartupCheck.isNetworkList("BRIDGE_UDESK_ALLOWED_IPS"));
    assertTrue(AllowListStartupCheck.isNetworkList("bridge.trusted-proxies"));
    assertTrue(AllowListStartupCheck.isNetworkList("BRIDGE_TRUSTED_PROXIES"));
    assertFalse(AllowListStartupCheck.isNetworkList("bridge.accounts"));
    assertFalse(AllowListStartupCheck.isNetworkList("other.allowed-ips"));
  }
}
