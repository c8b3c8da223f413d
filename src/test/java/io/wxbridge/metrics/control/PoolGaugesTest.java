package io.wxbridge.metrics.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.wxbridge.outbound.control.OutboundPools;
import io.wxbridge.outbound.entity.PoolName;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PoolGaugesTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final OutboundPools pools = new OutboundPools();
  private final PoolGauges gauges = new PoolGauges();
  private final CountDownLatch release = new CountDownLatch(1);

  PoolGaugesTest() {
    gauges.registry = registry;
    gauges.pools = pools;
  }

  @AfterEach
  void stop() {
    release.countDown();
    pools.created().forEach(pool -> pool.executor().shutdownNow());
  }

  /** An account's forwards held by a hanging Udesk show as busy threads and a queue. */
  @Test
  void aPoolMadeAfterTheLastScrapeShowsItsThreadsAndQueueInTheNext() throws Exception {
    gauges.refresh();
    ExecutorService forwards =
        pools.bounded(PoolName.forAccount("udesk-forward", "wx0123456789abcdef"), 2, 10);
    CountDownLatch started = new CountDownLatch(2);
    for (int i = 0; i < 5; i++) {
      forwards.execute(
          () -> {
            started.countDown();
            await(release);
          });
    }
    assertTrue(started.await(5, TimeUnit.SECONDS));

    gauges.refresh();
    gauges.refresh(); // each pool is bound once, whatever the scrapes
    String scrape = registry.scrape();

    String labels = "{account=\"wx0123456789abcdef\",name=\"udesk-forward\"}";
    assertEquals(2.0, value(scrape, "bridge_executor_active_threads" + labels), scrape);
    assertEquals(2.0, value(scrape, "bridge_executor_pool_size_threads" + labels), scrape);
    assertEquals(3.0, value(scrape, "bridge_executor_queued_tasks" + labels), scrape);
    assertEquals(2.0, value(scrape, "bridge_executor_pool_max_threads" + labels), scrape);
  }

  private static double value(String scrape, String series) {
    return scrape
        .lines()
        .filter(line -> line.startsWith(series + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
        .findFirst()
        .orElse(Double.NaN);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
    }
  }
}
