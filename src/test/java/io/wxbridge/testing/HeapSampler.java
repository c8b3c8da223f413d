package io.wxbridge.testing;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Samples the bridge JVM's used heap from the server's metrics (Payara: MicroProfile Metrics;
 * WildFly: its management /metrics) every 25 ms while it is open, keeping the peak. Used heap
 * includes garbage not yet collected, so the peak is an upper bound of what the bridge really held;
 * the bridge's small -Xmx is what makes buffering impossible.
 */
public final class HeapSampler implements AutoCloseable {
  private static final Pattern USED_HEAP =
      Pattern.compile("(?m)^(?:base_)?memory_usedHeap_bytes(?:\\{[^}]*})?\\s+(\\S+)");
  private final HttpClient http = TestBridge.http();
  private final AtomicLong peak = new AtomicLong();
  private final Sampling sampling;

  public HeapSampler() {
    sampling = new Sampling("heap", 25, () -> peak.accumulateAndGet(usedHeap(), Math::max));
  }

  private long usedHeap() {
    try {
      String metrics =
          http.send(
                  HttpRequest.newBuilder(TestBridge.managementUrl("/metrics?scope=base"))
                      .header("Accept", "text/plain")
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      Matcher used = USED_HEAP.matcher(metrics);
      return used.find() ? (long) Double.parseDouble(used.group(1)) : 0;
    } catch (Exception e) {
      return 0;
    }
  }

  /** The largest used heap seen so far, in bytes; 0 if the bridge never answered. */
  public long peakBytes() {
    return peak.get();
  }

  @Override
  public void close() {
    sampling.close();
  }
}
