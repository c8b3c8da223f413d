package io.wxbridge.access.boundary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AllowListStartupReportTest {

  @Test
  void findsTheListsWhateverTheyAreConfiguredWith() {
    assertTrue(AllowListStartupReport.isNetworkList("bridge.udesk.allowed-ips"));
    assertTrue(AllowListStartupReport.isNetworkList("bridge.video-recall.allowed-ips"));
    assertTrue(AllowListStartupReport.isNetworkList("BRIDGE_UDESK_ALLOWED_IPS"));
    assertTrue(AllowListStartupReport.isNetworkList("bridge.trusted-proxies"));
    assertTrue(AllowListStartupReport.isNetworkList("BRIDGE_TRUSTED_PROXIES"));
    assertFalse(AllowListStartupReport.isNetworkList("bridge.accounts"));
    assertFalse(AllowListStartupReport.isNetworkList("other.allowed-ips"));
  }
}
