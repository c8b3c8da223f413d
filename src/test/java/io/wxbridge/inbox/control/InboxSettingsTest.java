package io.wxbridge.inbox.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InboxSettingsTest {

  @Test
  void theBackOffDoublesAfterEachFailureUpToItsCap() {
    InboxSettings settings = settings();
    assertEquals(1_000, settings.backoffMillis(1));
    assertEquals(2_000, settings.backoffMillis(2));
    assertEquals(4_000, settings.backoffMillis(3));
    assertEquals(300_000, settings.backoffMillis(20), "capped at bridge.inbox.max-backoff");
    assertEquals(300_000, settings.backoffMillis(500), "no overflow after many failures");
  }

  @Test
  void aLeaseOutlastsTheWaitForALateAnswer() {
    InboxSettings settings = settings();
    settings.leaseMillis = 1_000;
    assertEquals(
        35_000,
        settings.leaseMillis(),
        "late-reply-timeout + 5 s: no takeover while an answer may still come");
  }

  /** A reviewer's interleaving: a record that waited 30 s for the database began with no lease. */
  @Test
  void aLeaseRunsFromWhenTheRecordIsWrittenToTheWholeSecond() {
    InboxSettings settings = settings();
    settings.leaseMillis = 60_000;
    long now = 1_000_000;
    assertEquals(now + 60_000, settings.leaseEnd(now, System.nanoTime()), "written at once");
    long askedBefore = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(30_500);
    assertEquals(
        now + 30_000 + 60_000,
        settings.leaseEnd(now, askedBefore),
        "written after 30.5 s in the writer's queue");
  }

  @Test
  void durationsAreIso8601() {
    InboxSettings settings = settings();
    assertEquals(Duration.ofHours(48), settings.maxAge());
    assertEquals(Duration.ofDays(7), settings.retention());
    assertEquals(
        Duration.ofDays(14), InboxSettings.isoDuration("k", " P2W ", Duration.ZERO), "weeks");
    assertEquals(Duration.ofDays(3), InboxSettings.isoDuration("k", "P3D", Duration.ZERO));
    // a month's length varies; a typo is no duration: both the default, never a failure at use
    assertEquals(Duration.ofDays(7), InboxSettings.isoDuration("k", "P1M", Duration.ofDays(7)));
    assertEquals(Duration.ofDays(7), InboxSettings.isoDuration("k", "48h", Duration.ofDays(7)));
    assertEquals(Duration.ofDays(7), InboxSettings.isoDuration("k", null, Duration.ofDays(7)));
    assertEquals(Duration.ofDays(7), InboxSettings.isoDuration("k", "PT0S", Duration.ofDays(7)));
    assertEquals(Duration.ofDays(7), InboxSettings.isoDuration("k", "-P1D", Duration.ofDays(7)));
  }

  @Test
  void aPushExpiresAfterOneRefusalAtTheEarliest() {
    InboxSettings settings = settings();
    settings.refusalsBeforeExpiry = 0;
    assertEquals(1, settings.refusalsBeforeExpiry());
    settings.refusalsBeforeExpiry = 5;
    assertEquals(5, settings.refusalsBeforeExpiry());
  }

  private static InboxSettings settings() {
    InboxSettings settings = new InboxSettings();
    settings.replyTimeoutMillis = 4_000;
    settings.lateReplyTimeoutMillis = 30_000;
    settings.leaseMillis = 60_000;
    settings.minBackoffMillis = 1_000;
    settings.maxBackoffMillis = 300_000;
    settings.maxAge = "PT48H";
    settings.retention = "P7D";
    return settings;
  }
}
