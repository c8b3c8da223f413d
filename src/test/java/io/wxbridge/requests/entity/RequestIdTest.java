package io.wxbridge.requests.entity;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Request ids are twelve lower-case hex digits, as the log lines and X-Request-Id show them. */
class RequestIdTest {
  @Test
  void isTwelveHexDigits() {
    for (int i = 0; i < 10_000; i++) {
      String id = RequestId.generate().value();
      assertTrue(id.matches("[0-9a-f]{12}"), id);
    }
  }
}
