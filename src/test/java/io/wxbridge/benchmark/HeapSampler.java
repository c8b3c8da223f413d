package io.wxbridge.benchmark;

import io.wxbridge.testing.TestBridge;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Samples the bridge JVM's used heap from its MicroProfile Metrics endpoint while a scenario runs,
 * keeping the peak. Used heap includes garbage not yet collected, so the peak is an upper bound of
 * what the transfers really held; the benchmark JVM's small -Xmx is what makes buffering impossible.
 */
final class HeapSampler implements AutoCloseable {
  private static final Pattern USED_HEAP = Pattern.compile("(?m)^memory_usedHeap_bytes\\{[^}]*}\\s+(\\S+)");
  private final HttpClient http = TestBridge.http();
  private final AtomicLong peak = new AtomicLong();
  private final Thread sampler;
  private volatile boolean running = true;

  HeapSampler() {
    sampler = new Thread(() -> {
      while (running) {
        peak.accumulateAndGet(usedHeap(), Math::max);
        try {
          Thread.sleep(25);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  long usedHeap() {
    try {
      String metrics = http.send(HttpRequest.newBuilder(TestBridge.url("/metrics?scope=base")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      Matcher used = USED_HEAP.matcher(metrics);
      return used.find() ? (long) Double.parseDouble(used.group(1)) : 0;
    } catch (Exception e) {
      return 0;
    }
  }

  long peakBytes() {
    return peak.get();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    sampler.join(1000);
  }
}
