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
  private static final long ROUND_TRIP = 100;
  private static final long STALE_AFTER = 600_000;
  private final PoisonedPushes pushes = new PoisonedPushes(STALE_AFTER);

  @Test
  void refusedFiveTimesInARowWhileUdeskTookAnotherPushSentAfterTheFirstRefusal() {
    assertFalse(refused(1, 1_000));
    assertFalse(taken(2, 1_500), "another push taken");
    for (long at = 2_000; at < 5_000; at += 1_000) {
      assertFalse(refused(1, at), "refusal at " + at);
    }
    assertTrue(refused(1, 5_000), "the fifth refusal");
  }

  @Test
  void udeskRefusingEverythingPoisonsNothing() {
    for (long at = 1_000; at <= 20_000; at += 1_000) {
      assertFalse(refused(1, at), "refusal at " + at);
      assertFalse(refused(2, at), "refusal at " + at);
    }
  }

  @Test
  void aTakeSentBeforeTheFirstRefusalCameBackDoesNotCount() {
    // sent just before Udesk began to refuse everything, answered after: out of order, not a sign
    // that Udesk still takes pushes
    assertFalse(pushes.poisoned(APP, 2, TAKEN, 1_050, 1_300, 5));
    for (long at = 1_000; at <= 5_000; at += 1_000) {
      assertFalse(refused(1, at), "refusal at " + at);
    }
  }

  @Test
  void anotherOutcomeStartsTheCountAnew() {
    assertFalse(taken(2, 500));
    for (long at = 1_000; at <= 4_000; at += 1_000) {
      assertFalse(refused(1, at));
    }
    assertFalse(
        pushes.poisoned(APP, 1, UdeskDelivery.timedOut(Duration.ZERO), 4_500, 4_600, 5),
        "a timeout between");
    assertFalse(taken(3, 4_600), "sent before the new run of refusals");
    for (long at = 5_000; at <= 8_000; at += 1_000) {
      assertFalse(refused(1, at), "refusal at " + at);
    }
    assertFalse(refused(1, 9_000), "five in a row, nothing taken since");
    assertFalse(taken(4, 9_500));
    assertTrue(refused(1, 10_000), "and once Udesk took another");
  }

  @Test
  void aServerErrorIsNoRefusalOfThePush() {
    assertFalse(
        pushes.poisoned(APP, 1, UdeskDelivery.refused(500, Duration.ZERO), 1_000, 1_100, 1));
    assertFalse(taken(2, 1_500));
    assertFalse(
        pushes.poisoned(APP, 1, UdeskDelivery.refused(502, Duration.ZERO), 1_600, 1_700, 1));
    assertFalse(refused(1, 2_000, 1), "the first refusal for itself: nothing taken since it came");
    assertFalse(taken(3, 2_200));
    assertTrue(refused(1, 3_000, 1), "refused again, and Udesk took another push meanwhile");
  }

  @Test
  void anotherAccountsTakesDoNotCount() {
    assertFalse(pushes.poisoned(new AppId("wx00000000000000ff"), 2, TAKEN, 2_000, 2_100, 5));
    for (long at = 1_000; at <= 5_000; at += 1_000) {
      assertFalse(refused(1, at), "refusal at " + at);
    }
  }

  @Test
  void whenFullPushesRefusedLongAgoMakeRoom() {
    for (long id = 0; id < PoisonedPushes.TRACKED_AT_MOST; id++) {
      refused(id, 1_000);
    }
    long later = 1_000 + STALE_AFTER + 1;
    assertFalse(refused(-1, later));
    assertFalse(taken(-2, later + 500));
    for (long at = later + 1_000; at < later + 4_000; at += 1_000) {
      assertFalse(refused(-1, at), "refusal at " + at);
    }
    assertTrue(refused(-1, later + 4_000), "counted although the others filled the map");
  }

  private boolean refused(long id, long sentAt) {
    return refused(id, sentAt, 5);
  }

  private boolean refused(long id, long sentAt, int limit) {
    return pushes.poisoned(APP, id, REFUSED, sentAt, sentAt + ROUND_TRIP, limit);
  }

  private boolean taken(long id, long sentAt) {
    return pushes.poisoned(APP, id, TAKEN, sentAt, sentAt + ROUND_TRIP, 5);
  }
}
