package io.wxbridge.token.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wxbridge.testing.MapConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The wait for another instance's fetch of the shared token follows the fetch's retry policy as
 * configured: it was a constant, and a longer maxDuration set by an operator let a waiting instance
 * give up and fetch a second classic token, invalidating the first.
 */
class TokenFetchWindowTest {
  private static final String KEYS = "io.wxbridge.token.control.TokenRequests/fetch/Retry/";

  @Test
  void asAnnotatedMaxDurationThenOneMoreDelayWithItsJitter() {
    assertEquals(
        Duration.ofMillis(6_000 + 500 + 250),
        TokenFetchWindow.lastAttemptStartsWithin(MapConfig.of(Map.of())));
  }

  @Test
  void asConfiguredForTheFetchElseForEveryPolicy() {
    assertEquals(
        Duration.ofMillis(20_000 + 1_000 + 250),
        TokenFetchWindow.lastAttemptStartsWithin(
            MapConfig.of(
                Map.of(
                    KEYS + "maxDuration",
                    "20000",
                    "Retry/delay",
                    "1000",
                    "Retry/maxDuration",
                    "1"))));
    assertEquals(
        Duration.ofSeconds(30).plusMillis(500 + 250),
        TokenFetchWindow.lastAttemptStartsWithin(
            MapConfig.of(Map.of(KEYS + "maxDuration", "30", KEYS + "durationUnit", "SECONDS"))));
  }
}
