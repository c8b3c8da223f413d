package io.wxbridge.token.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccessTokenTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void livesExpiresInSecondsFromTheRequest() {
    AccessToken token = AccessToken.issued("v", 7200, T0);
    assertTrue(token.isUsableAt(T0.plusSeconds(7199)), "a 7200 s token is still usable at 7199 s");
    assertFalse(token.isUsableAt(T0.plusSeconds(7200)), "never used at or after its expiry");
  }

  @Test
  void isDueTheMarginBeforeExpiry() {
    AccessToken token = AccessToken.issued("v", 7200, T0);
    assertEquals(T0.plusSeconds(6900), token.refreshAt(Duration.ofSeconds(300)));
    assertFalse(
        token.isDueAt(T0.plusSeconds(6899), Duration.ofSeconds(300)),
        "not due one second before the margin");
    assertTrue(
        token.isDueAt(T0.plusSeconds(6900), Duration.ofSeconds(300)),
        "due exactly the margin before expiry");
  }

  @Test
  void aShortLivedTokenIsDueHalfWayNotAtOnce() {
    AccessToken stableInOverlap = AccessToken.issued("v", 280, T0);
    assertEquals(T0.plusSeconds(140), stableInOverlap.refreshAt(Duration.ofSeconds(300)));
    AccessToken testToken = AccessToken.issued("v", 4, T0);
    assertEquals(T0.plusSeconds(2), testToken.refreshAt(Duration.ofSeconds(300)));
  }

  @Test
  void neverShowsItsValue() {
    assertFalse(
        AccessToken.issued("SECRET_VALUE", 7200, T0).toString().contains("SECRET_VALUE"),
        "toString() hides the token's value");
  }
}
