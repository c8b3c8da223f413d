package io.wxbridge.benchmark;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Latencies of one load run, summarised as the percentiles the targets are stated in. */
public record LatencyReport(String scenario, int concurrency, long[] sortedMillis, Duration wallClock, int failures) {

  static LatencyReport of(String scenario, int concurrency, List<Long> millis, Duration wallClock, int failures) {
    long[] sorted = millis.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    return new LatencyReport(scenario, concurrency, sorted, wallClock, failures);
  }

  public long percentile(double p) {
    if (sortedMillis.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sortedMillis.length) - 1;
    return sortedMillis[Math.max(0, Math.min(index, sortedMillis.length - 1))];
  }

  public long max() {
    return sortedMillis.length == 0 ? 0 : sortedMillis[sortedMillis.length - 1];
  }

  public double perSecond() {
    return sortedMillis.length * 1000.0 / Math.max(1, wallClock.toMillis());
  }

  /** One row of the results table in target/benchmark/results.md. */
  public String row() {
    return String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %.0f | %d |", scenario, concurrency,
        sortedMillis.length, percentile(50), percentile(95), percentile(99), max(), perSecond(), failures);
  }

  public static String header() {
    return "| scenario | concurrency | requests | p50 ms | p95 ms | p99 ms | max ms | req/s | failures |\n"
        + "|---|---|---|---|---|---|---|---|---|";
  }
}
