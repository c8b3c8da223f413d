package io.wxbridge.forward.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.forward.entity.UdeskDelivery;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class UdeskCapacityTest {
  private static final AppId APP = new AppId("wxcapacity000001");
  private long now = 1_000_000;
  private final UdeskCapacity capacity = capacity(2, 1);

  @Test
  void threeRefusalsInARowHoldNewPushesUntilUdeskTakesOneAgain() {
    capacity.answered(APP, UdeskDelivery.refused(503, Duration.ZERO));
    capacity.answered(APP, UdeskDelivery.unreachable("connection refused", Duration.ZERO));
    assertFalse(capacity.holdNewPushes(APP), "two refusals: still tried");
    capacity.answered(APP, UdeskDelivery.timedOut(Duration.ofSeconds(4)));
    capacity.answered(APP, UdeskDelivery.refused(400, Duration.ZERO));
    capacity.answered(APP, UdeskDelivery.refused(500, Duration.ZERO));
    assertFalse(
        capacity.refusing(APP),
        "neither a hang (the pool's count sees it) nor a 400 or 500 (maybe about one message)");
    capacity.answered(APP, UdeskDelivery.refused(502, Duration.ZERO));
    assertTrue(capacity.refusing(APP), "three refusals in a row");
    assertFalse(capacity.holdNewPushes(APP), "one new push is tried, as a probe");
    assertTrue(capacity.holdNewPushes(APP), "the others are kept");
    now += UdeskCapacity.LIVE_PROBE_EVERY_MILLIS - 1;
    assertTrue(capacity.holdNewPushes(APP), "within the probe interval, kept");
    now += 1;
    assertFalse(capacity.holdNewPushes(APP), "a new probe each interval");
    assertTrue(capacity.holdNewPushes(APP), "and only one");
    capacity.answered(APP, UdeskDelivery.answered(new byte[0], Duration.ZERO));
    assertFalse(capacity.holdNewPushes(APP), "a 2xx: Udesk takes pushes again");
  }

  @Test
  void aFullPoolAndQueueHoldNewPushes() {
    capacity.started(APP);
    assertEquals(1, capacity.idleForwards(APP), "one of two threads idle");
    capacity.started(APP);
    assertEquals(0, capacity.idleForwards(APP), "both threads calling Udesk");
    assertFalse(capacity.holdNewPushes(APP), "the queue still has room");
    capacity.started(APP);
    assertTrue(capacity.holdNewPushes(APP), "threads and queue full");
    capacity.ended(APP);
    assertFalse(capacity.holdNewPushes(APP), "a forward ended");
  }

  private UdeskCapacity capacity(int threads, int queue) {
    UdeskCapacity capacity = new UdeskCapacity();
    capacity.clock = () -> now;
    capacity.maxConcurrentForwards = threads;
    capacity.forwardQueue = queue;
    capacity.sharedForwardThreads = 256;
    capacity.shareThreads();
    return capacity;
  }
}
