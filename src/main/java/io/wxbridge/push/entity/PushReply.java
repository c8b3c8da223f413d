package io.wxbridge.push.entity;

/**
 * What WeChat is answered for a push, before encryption: Udesk's passive reply, or nothing. When
 * the answer is nothing, {@code outcome} says why, for the log.
 *
 * @param xml the passive-reply XML exactly as Udesk sent it; empty for "nothing"
 * @param retry true when this is the answer of an earlier attempt of the same push, given to
 *     WeChat's retry of it (which was not forwarded again)
 */
public record PushReply(Outcome outcome, byte[] xml, String note, boolean retry) {

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
        Outcome.PASSIVE_REPLY, xml, "passive reply of " + xml.length + " bytes", false);
  }

  public static PushReply nothing() {
    return new PushReply(Outcome.NO_REPLY, new byte[0], "no reply", false);
  }

  public static PushReply notDelivered(String why) {
    return new PushReply(Outcome.NOT_DELIVERED, new byte[0], why, false);
  }

  public static PushReply fallback(String why) {
    return new PushReply(Outcome.FALLBACK, new byte[0], why, false);
  }

  /** The same answer, given to a retry of the push. */
  public PushReply retried() {
    return new PushReply(outcome, xml, note, true);
  }

  public boolean isEmpty() {
    return xml.length == 0;
  }
}
