package io.wxbridge.outbound.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.outbound.entity.PoolName;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bridge's bounded pools and its timer. */
class OutboundPoolsTest {
  private final OutboundPools pools = new OutboundPools();

  @AfterEach
  void stop() {
    pools.shutdown();
  }

  /** A thread dump and the metrics tell the pools apart by their names. */
  @Test
  void eachPoolsThreadsAreNamedAfterItAndItsAccount() throws Exception {
    ExecutorService forwards =
        pools.bounded(PoolName.forAccount("udesk-forward", "wx0123456789abcdef"), 2, 10);
    ExecutorService tokens = pools.bounded(PoolName.of("token-fetch"), 1, 10);

    String forwarding = forwards.submit(() -> Thread.currentThread().getName()).get();
    String fetching = tokens.submit(() -> Thread.currentThread().getName()).get();

    assertEquals("bridge-udesk-forward-wx0123456789abcdef-1", forwarding);
    assertEquals("bridge-token-fetch-1", fetching);
    assertEquals(
        List.of("udesk-forward", "token-fetch"),
        pools.created().stream().map(OutboundPools.Pool::name).map(PoolName::pool).toList());
  }

  /** A deadline per push that is usually met: cancelled deadlines must not stay in the timer. */
  @Test
  void aCancelledDeadlineLeavesTheTimerAtOnceAndNeverRuns() throws Exception {
    ScheduledThreadPoolExecutor timer =
        (ScheduledThreadPoolExecutor) pools.timer(PoolName.of("push-deadline"));
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
