package io.wxbridge.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server JVM's stop-the-world GC pauses during a run, read from its GC log ({@code
 * -Xlog:gc:file=...:time}: Payara's in arquillian.xml, the naive relay's in NaiveRelayProcess): a
 * request that meets a pause waits for it, so at a fixed rate the pauses, not the code, can set the
 * p99. A line is written when its pause ends.
 *
 * @param count pauses that ended within the run
 * @param totalMillis their sum
 * @param longestMillis the longest
 */
record GcPauses(int count, double totalMillis, double longestMillis) {
  static final String LOG_FILE = "benchmark-gc.log";

  /**
   * {@code [2026-12-02T10:55:36.334+0000] GC(0) Pause Young (Normal) (G1 Evacuation Pause)
   * 12M->3M(256M) 35.036ms}, with or without the level and tag decorations.
   */
  private static final Pattern PAUSE =
      Pattern.compile("^\\[([^]]+)](?:\\[[^]]*])* GC\\(\\d+\\) Pause .* ([0-9.]+)ms$");

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

  static final GcPauses NONE = new GcPauses(0, 0, 0);

  /** The pauses that ended between two instants (epoch ms); none if the log is absent. */
  static GcPauses between(Path log, long fromEpochMillis, long toEpochMillis) {
    if (!Files.isReadable(log)) {
      return NONE;
    }
    try {
      return between(Files.readAllLines(log), fromEpochMillis, toEpochMillis);
    } catch (IOException unreadable) {
      throw new IllegalStateException("cannot read the GC log " + log, unreadable);
    }
  }

  static GcPauses between(List<String> lines, long fromEpochMillis, long toEpochMillis) {
    int count = 0;
    double total = 0;
    double longest = 0;
    for (String line : lines) {
      Matcher pause = PAUSE.matcher(line);
      if (pause.matches()) {
        long ended = OffsetDateTime.parse(pause.group(1), TIME).toInstant().toEpochMilli();
        if (ended >= fromEpochMillis && ended <= toEpochMillis) {
          double millis = Double.parseDouble(pause.group(2));
          count++;
          total += millis;
          longest = Math.max(longest, millis);
        }
      }
    }
    return new GcPauses(count, total, longest);
  }

  @Override
  public String toString() {
    return Report.format(
        "%d GC pauses, %.0f ms in all, longest %.1f ms", count, totalMillis, longestMillis);
  }
}
