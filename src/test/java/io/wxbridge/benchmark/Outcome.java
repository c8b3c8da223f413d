package io.wxbridge.benchmark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The figures of one measured run: how many answers, how many were wrong (of which {@code
 * unanswered}: no answer at all, a broken connection or a timeout), the latency distribution (from
 * the intended send time in open-loop runs), the bytes moved and where the CPU went. {@code extra}
 * holds a scenario's own figures (RSS, threads).
 */
record Outcome(
    String label,
    String mode,
    long requests,
    long failures,
    long unanswered,
    List<String> failureSamples,
    double seconds,
    Histogram micros,
    long bytes,
    CpuMeter.Use cpu,
    Map<String, Object> extra) {

  Outcome {
    extra = new LinkedHashMap<>(extra);
  }

  double perSecond() {
    return requests / Math.max(seconds, 1e-9);
  }

  double megabytesPerSecond() {
    return bytes / 1e6 / Math.max(seconds, 1e-9);
  }

  double millis(double percentile) {
    return micros.getTotalCount() == 0 ? 0 : micros.getValueAtPercentile(percentile) / 1000.0;
  }

  double maxMillis() {
    return micros.getTotalCount() == 0 ? 0 : micros.getMaxValue() / 1000.0;
  }

  /**
   * How many answers took longer than {@code millis} (e.g. WeChat's 5 s), or may have: the
   * histogram's bucket that holds the bound (4 ms wide at 5 s) counts as late, so that an answer a
   * little after the bound is never counted as in time.
   */
  long slowerThan(long millis) {
    long inTime = micros.lowestEquivalentValue(millis * 1000) - 1;
    return micros.getTotalCount() - (inTime < 0 ? 0 : micros.getCountBetweenValues(0, inTime));
  }

  Outcome with(String key, Object value) {
    extra.put(key, value);
    return this;
  }
}
