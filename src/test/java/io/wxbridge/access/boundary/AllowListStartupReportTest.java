package io.wxbridge.access.boundary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AllowListStartupReportTest {

  @Test
  void findsTheListsWhateverTheyAreConfiguredWith() {
    assertTrue(
        AllowListStartupReport.isNetworkList("bridge.udesk.allowed-ips"),
        "the shared Udesk allow list is a network list");
    assertTrue(
        AllowListStartupReport.isNetworkList("bridge.video-recall.allowed-ips"),
        "any bridge.*.allowed-ips key is a network list");
    assertTrue(
        AllowListStartupReport.isNetworkList("BRIDGE_UDESK_ALLOWED_IPS"),
        "the environment-variable spelling is found too");
    assertTrue(
        AllowListStartupReport.isNetworkList("bridge.trusted-proxies"),
        "the trusted proxies are a network list");
    assertTrue(
        AllowListStartupReport.isNetworkList("BRIDGE_TRUSTED_PROXIES"),
        "the trusted proxies in environment-variable spelling");
    assertFalse(
        AllowListStartupReport.isNetworkList("bridge.accounts"),
        "a bridge key that is no allow list is not reported");
    assertFalse(
        AllowListStartupReport.isNetworkList("other.allowed-ips"),
        "an allowed-ips key outside bridge.* is not ours");
  }
}
