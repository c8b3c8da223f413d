package io.wxbridge.outbound.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A deadline per push that is usually met: cancelled deadlines must not stay in the timer. */
class OutboundPoolsTest {
  private final OutboundPools pools = new OutboundPools();

  @AfterEach
  void stop() {
    pools.shutdown();
  }

  @Test
  void aCancelledDeadlineLeavesTheTimerAtOnceAndNeverRuns() throws Exception {
    ScheduledThreadPoolExecutor timer = (ScheduledThreadPoolExecutor) pools.timer();
    AtomicInteger ran = new AtomicInteger();
    for (int i = 0; i < 1_000; i++) {
      ScheduledFuture<?> deadline = timer.schedule(ran::incrementAndGet, 50, TimeUnit.MILLISECONDS);
      deadline.cancel(false);
    }
    assertEquals(0, timer.getQueue().size(), "not kept until they would have been due");
    CountDownLatch due = new CountDownLatch(1);
    timer.schedule(due::countDown, 10, TimeUnit.MILLISECONDS);
    assertTrue(due.await(5, TimeUnit.SECONDS), "one not cancelled runs");
    Thread.sleep(100);
    assertEquals(0, ran.get());
  }
}
