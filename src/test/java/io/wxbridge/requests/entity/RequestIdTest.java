package io.wxbridge.requests.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RequestIdTest {
  @Test
  void anIdIsTwelveHexDigits() {
    for (int i = 0; i < 1_000; i++) {
      String id = RequestId.generate().value();
      assertTrue(id.matches("[0-9a-f]{12}"), id);
    }
  }

  @Test
  void theHeaderTheFilterSetIsTheIdAndAMissingOneIsANewId() {
    assertEquals(new RequestId("0123456789ab"), RequestId.ofHeader("0123456789ab"));
    assertTrue(RequestId.ofHeader(null).value().matches("[0-9a-f]{12}"));
  }
}
