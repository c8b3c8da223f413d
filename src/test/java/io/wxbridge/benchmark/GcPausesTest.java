package io.wxbridge.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class GcPausesTest {
  private static final List<String> LOG =
      List.of(
          "[2026-12-02T10:55:36.334+0000][info][gc] Using G1",
          "[2026-12-02T10:55:37.442+0000][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation"
              + " Pause) 12M->3M(256M) 35.036ms",
          "[2026-12-02T10:55:38.000+0000] GC(1) Pause Remark 143M->143M(242M) 73.426ms",
          "[2026-12-02T10:55:38.100+0000][info][gc] GC(1) Concurrent Mark Cycle 180.255ms",
          "[2026-12-02T10:55:39.500+0000][info][gc] GC(2) Pause Young (Normal) (G1 Evacuation"
              + " Pause) 12M->3M(256M) 5.5ms");

  @Test
  void countsThePausesThatEndedWithinTheRunAndNothingElse() {
    GcPauses pauses =
        GcPauses.between(LOG, millis("2026-12-02T10:55:37.000Z"), millis("2026-12-02T10:55:39Z"));

    assertEquals(new GcPauses(2, 35.036 + 73.426, 73.426), pauses);
  }

  /** The throughput collector's lines, which the benchmark's Payara JVM writes. */
  @Test
  void readsTheParallelCollectorsPausesToo() {
    List<String> parallel =
        List.of(
            "[2026-12-07T14:33:07.366+0000] GC(0) Pause Young (Allocation Failure)"
                + " 64M->9M(245M) 31.828ms",
            "[2026-12-07T14:33:09.270+0000] GC(2) Pause Full (Metadata GC Threshold)"
                + " 14M->13M(245M) 67.444ms",
            "[2026-12-07T14:33:10.000+0000] GC(3) Pause Full (Ergonomics) 170M->60M(245M) 152.5ms");
    assertEquals(
        new GcPauses(3, 31.828 + 67.444 + 152.5, 152.5),
        GcPauses.between(parallel, millis("2026-12-07T14:33:00Z"), millis("2026-12-07T14:34:00Z")));
  }

  @Test
  void noPausesOutsideTheRun() {
    assertEquals(
        GcPauses.NONE,
        GcPauses.between(LOG, millis("2026-12-02T10:56:00Z"), millis("2026-12-02T10:57:00Z")));
  }

  private static long millis(String instant) {
    return OffsetDateTime.parse(instant).toInstant().toEpochMilli();
  }
}
