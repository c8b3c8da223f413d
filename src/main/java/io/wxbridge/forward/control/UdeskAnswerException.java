package io.wxbridge.forward.control;

import java.util.OptionalInt;

/**
 * Udesk's answer to a forwarded push is not one to pass on: a status other than 2xx ({@link
 * UdeskStatusFilter}), or a body larger than any passive reply or one that broke off after the 2xx
 * status ({@link BoundedAnswerReader}). Internal to the forwarding: {@link UdeskInbox} turns it
 * into a delivery outcome, it never reaches a caller. Public only because the REST client
 * instantiates the filter and the reader.
 */
public class UdeskAnswerException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  private UdeskAnswerException(String message, int status) {
    super(message);
    this.status = status;
  }

  static UdeskAnswerException refused(int status) {
    return new UdeskAnswerException("Udesk answered HTTP " + status, status);
  }

  static UdeskAnswerException tooLarge(int max) {
    return new UdeskAnswerException(
        "Udesk's answer is over " + max / 1024 + " KiB, larger than any passive reply", 0);
  }

  /**
   * @param how e.g. "40 of the 80 bytes its Content-Length announced", or the read error's class
   */
  static UdeskAnswerException brokeOff(String how) {
    return new UdeskAnswerException(
        "Udesk's answer broke off after its 2xx status (" + how + ")", 0);
  }

  /** The HTTP status Udesk refused with; empty if Udesk's answer was unusable (a 2xx). */
  OptionalInt refusedWith() {
    return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
  }
}
