package io.wxbridge.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends a bounded number of requests from a fixed number of concurrent clients and records each
 * one's latency. Bounded in count and in time (it gives up after {@code limit}), as load on this
 * machine must be.
 */
final class LoadRun {
  /** One request: returns true when the bridge answered as expected. */
  interface Request {
    boolean send(int index) throws Exception;
  }

  private LoadRun() {}

  static LatencyReport run(String scenario, int requests, int concurrency, Duration limit, Request request)
      throws InterruptedException {
    List<Long> millis = Collections.synchronizedList(new ArrayList<>(requests));
    AtomicInteger failures = new AtomicInteger();
    AtomicInteger next = new AtomicInteger();
    ExecutorService clients = Executors.newFixedThreadPool(concurrency);
    long begin = System.nanoTime();
    for (int c = 0; c < concurrency; c++) {
      clients.execute(() -> {
        for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
          long start = System.nanoTime();
          boolean ok;
          try {
            ok = request.send(i);
          } catch (Exception e) {
            ok = false;
          }
          millis.add((System.nanoTime() - start) / 1_000_000);
          if (!ok) {
            failures.incrementAndGet();
          }
        }
      });
    }
    clients.shutdown();
    if (!clients.awaitTermination(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      clients.shutdownNow();
      failures.addAndGet(requests - millis.size());
    }
    Duration wall = Duration.ofNanos(System.nanoTime() - begin);
    return LatencyReport.of(scenario, concurrency, new ArrayList<>(millis), wall, failures.get());
  }
}
