package io.wxbridge.access.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AdminCallersTest {

  @Test
  void onlyTheExactBearerKeyMatches() {
    assertTrue(AdminCallers.bearerMatches("Bearer k3y", "k3y"));
    assertTrue(AdminCallers.bearerMatches("  bearer   k3y ", "k3y"), "scheme case and padding do not matter");
    assertFalse(AdminCallers.bearerMatches("Bearer k3y2", "k3y"));
    assertFalse(AdminCallers.bearerMatches("Bearer k3", "k3y"));
    assertFalse(AdminCallers.bearerMatches("Basic k3y", "k3y"));
    assertFalse(AdminCallers.bearerMatches("k3y", "k3y"));
    assertFalse(AdminCallers.bearerMatches(null, "k3y"));
  }
}
