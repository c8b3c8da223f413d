package io.wxbridge.inbox.control;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InboxTimersTest {
  private final InboxTimers timers = new InboxTimers();

  {
    timers.threads = io.wxbridge.testing.DaemonThreads.named("inbox-timers-test");
    timers.start();
  }

  @AfterEach
  void stop() {
    timers.stop();
  }

  /** Otherwise redelivery, or the embedded file's compaction, would stop unnoticed. */
  @Test
  void periodicWorkGoesOnAfterARunThatThrew() throws InterruptedException {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch threeRuns = new CountDownLatch(3);

    timers.every(
        Duration.ofMillis(5),
        () -> {
          threeRuns.countDown();
          if (runs.incrementAndGet() == 1) {
            throw new IllegalStateException("the first run fails");
          }
        });

    assertTrue(
        threeRuns.await(10, TimeUnit.SECONDS),
        "runs after the one that threw: " + (runs.get() - 1));
  }
}
