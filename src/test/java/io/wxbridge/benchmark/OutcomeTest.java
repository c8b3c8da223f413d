package io.wxbridge.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** WeChat's 5 s deadline is counted so that no late answer passes as in time. */
class OutcomeTest {

  @Test
  void anAnswerJustAfterTheDeadlineIsLateThoughTheHistogramRoundsIt() {
    Histogram micros = new Histogram(5L * 60 * 1_000_000, 3);
    micros.recordValue(4_900_000); // in time
    micros.recordValue(5_000_900); // late, in the bucket that holds 5,000,000
    micros.recordValue(7_000_000); // late
    Outcome outcome =
        new Outcome("test", "open", 3, 0, 0, List.of(), 10, micros, 0, null, Map.of());
    assertEquals(2, outcome.slowerThan(5_000));
  }
}
