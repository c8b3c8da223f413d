package io.wxbridge.access.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AdminCallersTest {

  @Test
  void onlyTheExactBearerKeyMatches() {
    assertTrue(
        AdminCallers.bearerMatches("Bearer k3y", "k3y"), "the exact key after Bearer matches");
    assertTrue(
        AdminCallers.bearerMatches("  bearer   k3y ", "k3y"),
        "scheme case and padding do not matter");
    assertFalse(AdminCallers.bearerMatches("Bearer k3y2", "k3y"), "a longer key does not match");
    assertFalse(
        AdminCallers.bearerMatches("Bearer k3", "k3y"), "a prefix of the key does not match");
    assertFalse(
        AdminCallers.bearerMatches("Basic k3y", "k3y"),
        "the key under another scheme does not match");
    assertFalse(
        AdminCallers.bearerMatches("k3y", "k3y"),
        "the bare key without the Bearer scheme does not match");
    assertFalse(AdminCallers.bearerMatches(null, "k3y"), "no Authorization header does not match");
  }
}
