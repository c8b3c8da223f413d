package io.wxbridge.forward.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which of Udesk's answers say no to the push itself, rather than that Udesk is away or busy. */
class UdeskDeliveryTest {

  @ParameterizedTest
  @CsvSource({
    "400, true",
    "403, true",
    "404, true",
    "413, true",
    "499, true",
    "500, false",
    "501, false",
    "505, false",
    "408, false",
    "429, false",
    "502, false",
    "503, false",
    "504, false",
    "302, false"
  })
  void aRefusalOfThePushItself(int status, boolean forItself) {
    assertEquals(
        forItself,
        UdeskDelivery.refused(status, Duration.ZERO).refusedForItself(),
        "HTTP " + status);
  }

  @ParameterizedTest
  @CsvSource({"answered", "unusable", "timedOut", "unreachable", "queued"})
  void nothingElseIs(String outcome) {
    UdeskDelivery delivery =
        switch (outcome) {
          case "answered" -> UdeskDelivery.answered(new byte[0], Duration.ZERO);
          case "unusable" -> UdeskDelivery.unusable("too large", Duration.ZERO);
          case "timedOut" -> UdeskDelivery.timedOut(Duration.ZERO);
          case "unreachable" -> UdeskDelivery.unreachable("refused", Duration.ZERO);
          default -> UdeskDelivery.queued("behind an earlier push");
        };
    assertEquals(false, delivery.refusedForItself(), outcome);
  }
}
