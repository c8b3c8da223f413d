package io.wxbridge.inbox.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.forward.entity.UdeskDelivery;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When a push Udesk keeps refusing is poisoned, and when Udesk is only away. */
class PoisonedPushesTest {
  private static final AppId APP = new AppId("wx0123456789abcdef");
  private static final UdeskDelivery REFUSED = UdeskDelivery.refused(400, Duration.ZERO);
  private static final UdeskDelivery TAKEN = UdeskDelivery.answered(new byte[0], Duration.ZERO);
  private final PoisonedPushes pushes = new PoisonedPushes();

  @Test
  void refusedFiveTimesInARowWhileUdeskTookAnotherPushSentAfterTheFirstRefusal() {
    assertFalse(pushes.poisoned(APP, 1, REFUSED, 1_000, 5));
    assertFalse(pushes.poisoned(APP, 2, TAKEN, 1_500, 5), "another push taken");
    for (long at = 2_000; at < 5_000; at += 1_000) {
      assertFalse(pushes.poisoned(APP, 1, REFUSED, at, 5), "refusal at " + at);
    }
    assertTrue(pushes.poisoned(APP, 1, REFUSED, 5_000, 5), "the fifth refusal");
  }

  @Test
  void udeskRefusingEverythingPoisonsNothing() {
    for (long at = 1_000; at <= 20_000; at += 1_000) {
      assertFalse(pushes.poisoned(APP, 1, REFUSED, at, 5), "refusal at " + at);
      assertFalse(pushes.poisoned(APP, 2, REFUSED, at, 5), "refusal at " + at);
    }
  }

  @Test
  void aTakeSentBeforeTheFirstRefusalDoesNotCount() {
    // answered after the refusals began, but sent before them: Udesk may have broken since
    assertFalse(pushes.poisoned(APP, 2, TAKEN, 900, 5));
    for (long at = 1_000; at <= 5_000; at += 1_000) {
      assertFalse(pushes.poisoned(APP, 1, REFUSED, at, 5), "refusal at " + at);
    }
  }

  @Test
  void anotherOutcomeStartsTheCountAnew() {
    assertFalse(pushes.poisoned(APP, 2, TAKEN, 500, 5));
    for (long at = 1_000; at <= 4_000; at += 1_000) {
      assertFalse(pushes.poisoned(APP, 1, REFUSED, at, 5));
    }
    assertFalse(
        pushes.poisoned(APP, 1, UdeskDelivery.timedOut(Duration.ZERO), 4_500, 5),
        "a timeout between");
    assertFalse(pushes.poisoned(APP, 3, TAKEN, 4_600, 5), "sent before the new run of refusals");
    for (long at = 5_000; at <= 8_000; at += 1_000) {
      assertFalse(pushes.poisoned(APP, 1, REFUSED, at, 5), "refusal at " + at);
    }
    assertFalse(pushes.poisoned(APP, 1, REFUSED, 9_000, 5), "five in a row, nothing taken since");
    assertFalse(pushes.poisoned(APP, 4, TAKEN, 9_500, 5));
    assertTrue(pushes.poisoned(APP, 1, REFUSED, 10_000, 5), "and once Udesk took another");
  }

  @Test
  void aServerErrorIsNoRefusalOfThePush() {
    assertFalse(pushes.poisoned(APP, 1, UdeskDelivery.refused(500, Duration.ZERO), 1_000, 1));
    assertFalse(pushes.poisoned(APP, 2, TAKEN, 1_500, 1));
    assertFalse(pushes.poisoned(APP, 1, UdeskDelivery.refused(502, Duration.ZERO), 1_600, 1));
    // a take sent after this refusal was sent, whose answer came first
    assertFalse(pushes.poisoned(APP, 3, TAKEN, 2_100, 1));
    assertTrue(pushes.poisoned(APP, 1, REFUSED, 2_000, 1), "the first refusal for itself");
  }

  @Test
  void anotherAccountsTakesDoNotCount() {
    assertFalse(pushes.poisoned(new AppId("wx00000000000000ff"), 2, TAKEN, 2_000, 5));
    for (long at = 1_000; at <= 5_000; at += 1_000) {
      assertFalse(pushes.poisoned(APP, 1, REFUSED, at, 5), "refusal at " + at);
    }
  }
}
