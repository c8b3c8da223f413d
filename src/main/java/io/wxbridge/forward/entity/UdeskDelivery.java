package io.wxbridge.forward.entity;

import java.time.Duration;

/**
 * The outcome of one attempt to hand a push to Udesk: a value, not an exception, so the caller can
 * answer WeChat in time whatever happened, and a later store-and-forward can decide what to retry.
 *
 * @param httpStatus Udesk's status when it refused the push; 0 otherwise
 * @param body Udesk's answer when {@code ANSWERED} (possibly empty); empty otherwise
 * @param cause for the log: why it failed (an exception's class name, never a URL or a secret)
 * @param earlierAttempt true when this is the outcome of an earlier attempt of the same push, given
 *     to WeChat's retry of it (the inbox recognised the retry; it was not forwarded again)
 */
public record UdeskDelivery(
    Status status,
    int httpStatus,
    byte[] body,
    Duration elapsed,
    String cause,
    boolean earlierAttempt) {

  public UdeskDelivery(Status status, int httpStatus, byte[] body, Duration elapsed, String cause) {
    this(status, httpStatus, body, elapsed, cause, false);
  }

  /** This outcome, as the answer to a retry of the push. */
  public UdeskDelivery ofEarlierAttempt() {
    return new UdeskDelivery(status, httpStatus, body, elapsed, cause, true);
  }

  public enum Status {
    /** Udesk answered with a 2xx status; {@code body} is its answer (possibly empty). */
    ANSWERED,
    /**
     * Udesk answered with another status, or with an answer too large to be a reply: it did not
     * take the push.
     */
    REFUSED,
    /** No answer within bridge.udesk.reply-timeout: Udesk may or may not have the push. */
    TIMED_OUT,
    /** Udesk could not be reached (refused connection, unknown host, TLS failure...). */
    UNREACHABLE,
    /**
     * Not sent now: the durable inbox holds it for redelivery (e.g. behind an earlier push of the
     * follower).
     */
    QUEUED
  }

  public static UdeskDelivery answered(byte[] body, Duration elapsed) {
    return new UdeskDelivery(Status.ANSWERED, 0, body, elapsed, "");
  }

  public static UdeskDelivery refused(int httpStatus, Duration elapsed) {
    return new UdeskDelivery(
        Status.REFUSED, httpStatus, new byte[0], elapsed, "HTTP " + httpStatus);
  }

  /**
   * Udesk answered 2xx, but with something no passive reply can be (e.g. larger than any reply).
   */
  public static UdeskDelivery unusable(String cause, Duration elapsed) {
    return new UdeskDelivery(Status.REFUSED, 0, new byte[0], elapsed, cause);
  }

  public static UdeskDelivery timedOut(Duration elapsed) {
    return new UdeskDelivery(Status.TIMED_OUT, 0, new byte[0], elapsed, "no answer in time");
  }

  public static UdeskDelivery unreachable(String cause, Duration elapsed) {
    return new UdeskDelivery(Status.UNREACHABLE, 0, new byte[0], elapsed, cause);
  }

  /**
   * The inbox (io.wxbridge.inbox) keeps the push and hands it to Udesk later; WeChat gets an empty
   * answer.
   */
  public static UdeskDelivery queued(String why) {
    return new UdeskDelivery(Status.QUEUED, 0, new byte[0], Duration.ZERO, why);
  }

  public boolean delivered() {
    return status == Status.ANSWERED;
  }

  /** Udesk took it: answered 2xx (an answer too large to be a reply was still a 2xx). */
  public boolean taken() {
    return delivered() || status == Status.REFUSED && httpStatus == 0;
  }

  /**
   * Udesk answered and said no to this push itself: a 4xx but 408 (timeout) and 429 (too many
   * requests). Not a 5xx, which may be any passing fault of Udesk's (a node starting, a deploy).
   */
  public boolean refusedForItself() {
    return status == Status.REFUSED
        && httpStatus >= 400
        && httpStatus < 500
        && httpStatus != 408
        && httpStatus != 429;
  }

  /** For the log, e.g. "answered in 35 ms" or "timed out after 4001 ms". */
  public String summary() {
    return switch (status) {
      case ANSWERED -> "answered in " + elapsed.toMillis() + " ms";
      case REFUSED -> "refused (" + cause + ") after " + elapsed.toMillis() + " ms";
      case TIMED_OUT -> "timed out after " + elapsed.toMillis() + " ms";
      case UNREACHABLE -> "unreachable (" + cause + ") after " + elapsed.toMillis() + " ms";
      case QUEUED -> "not sent now: " + cause;
    };
  }
}
