package io.wxbridge.inbox.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** A replayed old query cannot fill the log with WARNINGs: one a minute, the rest at FINE. */
class ReplayGuardTest {

  @Test
  void aRefusedTimestampIsAWarningAtMostOnceAMinute() {
    ReplayGuard replays = new ReplayGuard();
    assertEquals(Level.WARNING, replays.refusalLevel(), "the first says to check the clock");
    for (int i = 0; i < 3; i++) {
      assertEquals(Level.FINE, replays.refusalLevel(), "the next ones within the minute");
    }
  }
}
