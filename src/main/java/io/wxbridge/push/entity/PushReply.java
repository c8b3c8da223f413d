package io.wxbridge.push.entity;

/**
 * What WeChat is answered for a push, before encryption: Udesk's passive reply, or nothing. When
 * the answer is nothing, {@code outcome} says why, for the log.
 *
 * @param xml the passive-reply XML exactly as Udesk sent it; empty for "nothing"
 * @param attempt the first attempt of the push, or WeChat's retry of it (which was not forwarded
 *     again) and what recognised it
 */
public record PushReply(Outcome outcome, byte[] xml, String note, Attempt attempt) {

  public enum Attempt {
    FIRST,
    /** A retry within bridge.push.dedup-window, answered from memory. */
    RETRY_IN_MEMORY,
    /**
     * A retry the durable inbox recognised (after the window, after a restart, on another node).
     */
    RETRY_IN_INBOX
  }

  public enum Outcome {
    /** Udesk answered with a passive reply, which WeChat gets. */
    PASSIVE_REPLY,
    /** Udesk answered "", whitespace or "success": WeChat gets an empty answer. */
    NO_REPLY,
    /** Udesk answered, but not with a passive reply: WeChat gets an empty answer. */
    FALLBACK,
    /**
     * Udesk did not take the push in time (refused, unreachable, timed out, or it waits in the
     * inbox): WeChat gets an empty answer.
     */
    NOT_DELIVERED
  }

  public static PushReply passive(byte[] xml) {
    return new PushReply(
        Outcome.PASSIVE_REPLY, xml, "passive reply of " + xml.length + " bytes", Attempt.FIRST);
  }

  public static PushReply nothing() {
    return new PushReply(Outcome.NO_REPLY, new byte[0], "no reply", Attempt.FIRST);
  }

  public static PushReply notDelivered(String why) {
    return new PushReply(Outcome.NOT_DELIVERED, new byte[0], why, Attempt.FIRST);
  }

  public static PushReply fallback(String why) {
    return new PushReply(Outcome.FALLBACK, new byte[0], why, Attempt.FIRST);
  }

  /** The same answer, given to a retry of the push that memory recognised. */
  public PushReply retried() {
    return new PushReply(outcome, xml, note, Attempt.RETRY_IN_MEMORY);
  }

  /** The answer of the earlier attempt, given to a retry of the push that the inbox recognised. */
  public PushReply retriedFromInbox() {
    return new PushReply(outcome, xml, note, Attempt.RETRY_IN_INBOX);
  }

  /** WeChat's retry of a push, not forwarded again. */
  public boolean retry() {
    return attempt != Attempt.FIRST;
  }

  public boolean isEmpty() {
    return xml.length == 0;
  }
}
