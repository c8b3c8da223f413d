package io.wxbridge.push.entity;

/**
 * What WeChat is answered for a push, before encryption: Udesk's passive reply, or nothing. When
 * the answer is nothing, {@code outcome} says why, for the log.
 *
 * @param xml the passive-reply XML exactly as Udesk sent it; empty for "nothing"
 */
public record PushReply(Outcome outcome, byte[] xml, String note) {

  public enum Outcome {
    /** Udesk answered with a passive reply, which WeChat gets. */
    PASSIVE_REPLY,
    /** Udesk answered "", whitespace or "success": WeChat gets an empty answer. */
    NO_REPLY,
    /**
     * Udesk's answer was not a passive reply, or there was none in time: WeChat gets an empty
     * answer.
     */
    FALLBACK
  }

  public static PushReply passive(byte[] xml) {
    return new PushReply(Outcome.PASSIVE_REPLY, xml, "passive reply of " + xml.length + " bytes");
  }

  public static PushReply nothing() {
    return new PushReply(Outcome.NO_REPLY, new byte[0], "no reply");
  }

  public static PushReply fallback(String why) {
    return new PushReply(Outcome.FALLBACK, new byte[0], why);
  }

  public boolean isEmpty() {
    return xml.length == 0;
  }
}
