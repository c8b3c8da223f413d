package io.wxbridge.inbox.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The inbox's timing (defaults in META-INF/microprofile-config.properties, documented in
 * docs/inbox.md) and this instance's name as the owner of leases.
 */
@ApplicationScoped
public class InboxSettings {
  private static final Logger LOG = Logger.getLogger(InboxSettings.class.getName());

  /** WeChat's deadline for its answer: the first attempt's answer only goes to WeChat within it. */
  @Inject
  @ConfigProperty(name = "bridge.udesk.reply-timeout")
  long replyTimeoutMillis;

  /** How long the bridge keeps waiting for Udesk's answer after WeChat was answered empty. */
  @Inject
  @ConfigProperty(name = "bridge.udesk.late-reply-timeout")
  long lateReplyTimeoutMillis;

  @Inject
  @ConfigProperty(name = "bridge.inbox.lease")
  long leaseMillis;

  @Inject
  @ConfigProperty(name = "bridge.inbox.min-backoff")
  long minBackoffMillis;

  @Inject
  @ConfigProperty(name = "bridge.inbox.max-backoff")
  long maxBackoffMillis;

  @Inject
  @ConfigProperty(name = "bridge.inbox.max-age")
  String maxAge;

  @Inject
  @ConfigProperty(name = "bridge.inbox.retention")
  String retention;

  @Inject
  @ConfigProperty(name = "bridge.inbox.refusals-before-expiry")
  int refusalsBeforeExpiry;

  @Inject
  @ConfigProperty(name = "bridge.inbox.poll-interval")
  long pollIntervalMillis;

  @Inject
  @ConfigProperty(name = "bridge.push.max-clock-skew")
  long maxClockSkewSeconds;

  private volatile Duration maxAgeParsed;
  private volatile Duration retentionParsed;

  // lease_owner is VARCHAR(100): a long host name is cut, the per-start suffix keeps it apart
  private final String owner =
      abbreviated(ManagementFactory.getRuntimeMXBean().getName())
          + "/"
          + UUID.randomUUID().toString().substring(0, 8);

  private static String abbreviated(String jvmName) {
    return jvmName.length() <= 90 ? jvmName : jvmName.substring(0, 90);
  }

  public long replyTimeoutMillis() {
    return replyTimeoutMillis;
  }

  /** At least the reply timeout: a late answer cannot come before WeChat's. */
  public long lateReplyTimeoutMillis() {
    return Math.max(lateReplyTimeoutMillis, replyTimeoutMillis);
  }

  /**
   * Longer than any attempt: another instance must not take over a push this one is still waiting
   * on.
   */
  public long leaseMillis() {
    return Math.max(leaseMillis, lateReplyTimeoutMillis() + 5_000);
  }

  /**
   * The end of the lease of a push recorded at {@code now} whose record was asked for at {@code
   * askedNanos} (System.nanoTime()): the lease runs from when the record is written, to the whole
   * second, so that one that waited for the database (a backlog, a stall) does not begin partly
   * spent, which would let another instance take the push while this one still forwards it.
   */
  long leaseEnd(long now, long askedNanos) {
    long waitedSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - askedNanos);
    return now + TimeUnit.SECONDS.toMillis(waitedSeconds) + leaseMillis();
  }

  /**
   * The wait before attempt {@code failures + 1}: doubled after each failure, capped at
   * max-backoff.
   */
  public long backoffMillis(int failures) {
    long wait = minBackoffMillis << Math.min(Math.max(failures - 1, 0), 30);
    return Math.max(0, Math.min(wait, maxBackoffMillis));
  }

  /**
   * How many of Udesk's refusals of a push itself (its other pushes taken meanwhile) expire it; at
   * least 1.
   */
  public int refusalsBeforeExpiry() {
    return Math.max(1, refusalsBeforeExpiry);
  }

  public Duration maxAge() {
    Duration parsed = maxAgeParsed;
    if (parsed == null) {
      parsed = maxAgeParsed = isoDuration("bridge.inbox.max-age", maxAge, Duration.ofHours(48));
    }
    return parsed;
  }

  public Duration retention() {
    Duration parsed = retentionParsed;
    if (parsed == null) {
      parsed =
          retentionParsed = isoDuration("bridge.inbox.retention", retention, Duration.ofDays(7));
    }
    return parsed;
  }

  /**
   * A positive ISO-8601 duration (PT48H, P2D) or period of days and weeks (P2W); anything else,
   * months and years included (their length varies), is the default, with a SEVERE line: a value
   * that failed at each use stopped redelivery and pruning altogether, and PT0S would expire every
   * push at once.
   */
  static Duration isoDuration(String key, String value, Duration fallback) {
    String text = value == null ? "" : value.strip();
    Duration parsed = null;
    try {
      parsed = Duration.parse(text);
    } catch (DateTimeParseException notADuration) {
      try {
        Period period = Period.parse(text);
        if (period.getYears() == 0 && period.getMonths() == 0) {
          parsed = Duration.ofDays(period.getDays());
        }
      } catch (DateTimeParseException notAPeriod) {
        // reported below
      }
    }
    if (parsed != null && !parsed.isNegative() && !parsed.isZero()) {
      return parsed;
    }
    LOG.severe(
        () ->
            key
                + "="
                + text
                + " is not a positive ISO-8601 duration in days or smaller (PT48H, P14D, P2W); "
                + fallback
                + " is used");
    return fallback;
  }

  public long pollIntervalMillis() {
    return Math.max(50, pollIntervalMillis);
  }

  public long maxClockSkewSeconds() {
    return maxClockSkewSeconds;
  }

  /** This instance as the holder of a lease: JVM name (pid@host) and a per-start suffix. */
  public String owner() {
    return owner;
  }
}
