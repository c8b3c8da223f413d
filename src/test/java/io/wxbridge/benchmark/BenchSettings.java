package io.wxbridge.benchmark;

import java.time.Duration;

/**
 * The benchmark's sizes. Full run by default (about 20 minutes; first a warm-up of the JVMs for
 * {@code jitWarmUp} over the closed-loop scenarios' paths, each path longer while the JIT compilers
 * still work, by at most {@code jitSettle}, then every path of every side-by-side scenario warmed
 * up for 10 s (media: until the compilers settle, BridgeBenchmark.MEDIA_SETTLE) and measured in
 * {@code rounds} rounds of 10 s that take turns with the other paths'); {@code -Dbenchmark.smoke}
 * for a seconds-long run that only proves the harness and the answers (its figures mean nothing).
 * {@code -Dbenchmark.jit-warmup=S}, {@code -Dbenchmark.jit-settle=S}, {@code -Dbenchmark.warmup=S}
 * and {@code -Dbenchmark.measure=S} (seconds) override the phases.
 */
record BenchSettings(
    boolean smoke,
    Duration jitWarmUp,
    Duration jitSettle,
    Duration warmUp,
    Duration measure,
    int callers,
    int openRate,
    int mediaTransfers,
    int mediaCallers,
    int rounds,
    long mediaBytes,
    int hangRate,
    Duration hangFor,
    long upstreamHangMillis,
    int stuckRelayCallers,
    int burstRate,
    Duration burstFor) {

  static BenchSettings fromSystemProperties() {
    String smokeFlag = System.getProperty("benchmark.smoke", "false");
    boolean smoke = smokeFlag.isEmpty() || Boolean.parseBoolean(smokeFlag);
    BenchSettings defaults =
        smoke
            ? new BenchSettings(
                true,
                Duration.ofSeconds(1),
                Duration.ZERO,
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                8,
                50,
                4,
                4,
                1,
                1L << 20,
                150, // 300 pushes: a thread per push would pass the bridge's thread bound
                Duration.ofSeconds(2),
                6_000,
                8,
                100,
                Duration.ofSeconds(1))
            : new BenchSettings(
                false,
                Duration.ofSeconds(90),
                Duration.ofSeconds(90),
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                16,
                200,
                50,
                50,
                3,
                10L << 20,
                500,
                Duration.ofSeconds(20),
                30_000,
                32,
                1_000,
                Duration.ofSeconds(5));
    return new BenchSettings(
        defaults.smoke,
        seconds("benchmark.jit-warmup", defaults.jitWarmUp),
        seconds("benchmark.jit-settle", defaults.jitSettle),
        seconds("benchmark.warmup", defaults.warmUp),
        seconds("benchmark.measure", defaults.measure),
        defaults.callers,
        defaults.openRate,
        defaults.mediaTransfers,
        defaults.mediaCallers,
        defaults.rounds,
        defaults.mediaBytes,
        defaults.hangRate,
        defaults.hangFor,
        defaults.upstreamHangMillis,
        defaults.stuckRelayCallers,
        defaults.burstRate,
        defaults.burstFor);
  }

  private static Duration seconds(String key, Duration otherwise) {
    String value = System.getProperty(key, "");
    return value.isBlank() ? otherwise : Duration.ofSeconds(Long.parseLong(value.trim()));
  }
}
