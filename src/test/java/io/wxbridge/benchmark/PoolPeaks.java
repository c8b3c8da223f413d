package io.wxbridge.benchmark;

import io.wxbridge.metrics.Scrape;
import io.wxbridge.testing.Sampling;
import io.wxbridge.testing.TestBridge;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The threads of each of the bridge's pools at their peak while open (its
 * bridge_executor_pool_size_threads, a pool of each account apart), read from its metrics every
 * {@code millis}: what the Payara JVM's thread count is made of beside the server's own threads.
 * Each read is a scrape of /admin/metrics on the loaded bridge (and at most every 10 s the inbox's
 * status query): once a second is little beside hundreds of pushes.
 */
final class PoolPeaks implements AutoCloseable {
  private static final String SERIES = "bridge_executor_pool_size_threads";

  private final Map<String, Double> peaks = new ConcurrentHashMap<>();
  private final Map<String, Double> before;
  private final Sampling sampling;
  private volatile String failure;

  PoolPeaks(long millis) {
    sample();
    before = Map.copyOf(peaks);
    sampling = new Sampling("pools", millis, this::sample);
  }

  private void sample() {
    HttpRequest scrape =
        HttpRequest.newBuilder(TestBridge.url("/admin/metrics"))
            .timeout(Duration.ofSeconds(5))
            .build();
    try {
      HttpResponse<String> answer =
          TestBridge.http().send(scrape, HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        failure = "HTTP " + answer.statusCode();
        return;
      }
      new Scrape(answer.body())
          .sumBy(SERIES, "name", "account")
          .forEach((pool, n) -> peaks.merge(pool, n, Math::max));
    } catch (IOException | RuntimeException e) {
      failure = e.toString(); // a scrape the loaded bridge did not answer in time: the next may
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Each pool's peak, by name; the largest first in {@link #summary()}. */
  Map<String, Long> peaks() {
    return new TreeMap<>(
        peaks.entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().longValue())));
  }

  /**
   * The pools with threads, largest first, e.g. "udesk-forward wx… 64 (0 before), push-completion
   * 32 (2 before); their peaks summed 96" (peaks of different moments, so at most what the pools
   * held at once).
   */
  String summary() {
    Map<String, Long> byPool = peaks();
    String pools =
        byPool.entrySet().stream()
            .filter(e -> e.getValue() > 0)
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .map(
                e ->
                    e.getKey()
                        + " "
                        + e.getValue()
                        + " ("
                        + before.getOrDefault(e.getKey(), 0.0).longValue()
                        + " before)")
            .collect(Collectors.joining(", "));
    long summed = byPool.values().stream().mapToLong(Long::longValue).sum();
    return pools
        + "; their peaks summed "
        + summed
        + (failure == null ? "" : "; a scrape failed: " + failure);
  }

  /** Stops sampling (what the pools did after the load is not the load's). */
  void stop() {
    sampling.close();
  }

  @Override
  public void close() {
    stop();
  }
}
