package io.wxbridge.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReportTest {
  @Test
  void eachServersCpuARequestIsItsCoresOverItsRate() {
    // 3,000/s on 0.9 cores: 300 µs; 1,200/s on 1.44 cores: 1,200 µs; 2,000/s on 1.0 core: 500 µs
    Outcome trivial = outcome(30_000, 0.9, 0);
    Outcome bridge = outcome(12_000, 1.44, 0);
    Outcome naive = outcome(20_000, 0.05, 1.0);
    assertEquals(
        "server CPU a request: trivial relay's Payara 300 µs, bridge's Payara 1200 µs, naive"
            + " relay's JVM 500 µs (trivial/bridge 0.25)",
        Report.serverCpu(trivial, bridge, naive));
  }

  /**
   * A 10-second run of {@code requests}, with the cores the Payara JVM and the naive relay used.
   */
  private static Outcome outcome(long requests, double payara, double naiveRelay) {
    return new Outcome(
        "test",
        "closed",
        requests,
        0,
        0,
        List.of(),
        10,
        new Histogram(3),
        0,
        new CpuMeter.Use(payara, 0.1, 0.2, GcPauses.NONE, 0, 0, naiveRelay, 0, GcPauses.NONE),
        Map.of());
  }
}
