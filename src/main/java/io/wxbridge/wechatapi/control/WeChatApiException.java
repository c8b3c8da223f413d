package io.wxbridge.wechatapi.control;

import io.wxbridge.ProblemException;
import io.wxbridge.wechatapi.entity.RetrySafety;
import io.wxbridge.wechatapi.entity.WeChatAnswer;
import java.util.Optional;

/**
 * A call to the WeChat API that produced no answer to relay: WeChat could not be reached, did not
 * answer in time, answered something too large, or the upload to send could not be read. WeChat's
 * own answers, errcode or not, are returned by {@link WeChatApi}, never thrown.
 */
public class WeChatApiException extends ProblemException {
  private static final long serialVersionUID = 1L;
  private static final int SYSTEM_ERROR = -1;

  /** WeChat's "media data missing". */
  static final int MEDIA_DATA_MISSING = 41005;

  private final boolean mayHaveBeenCarriedOut;

  private WeChatApiException(int status, int errcode, String message) {
    this(status, errcode, message, false);
  }

  private WeChatApiException(
      int status, int errcode, String message, boolean mayHaveBeenCarriedOut) {
    super(status, errcode, message);
    this.mayHaveBeenCarriedOut = mayHaveBeenCarriedOut;
  }

  /** The request went out and no answer told what became of it: WeChat may have carried it out. */
  public boolean mayHaveBeenCarriedOut() {
    return mayHaveBeenCarriedOut;
  }

  /**
   * WeChat's answer to a JSON endpoint was larger than any JSON answer WeChat gives: not relayed.
   */
  static WeChatApiException tooLarge(int limit) {
    return new WeChatApiException(
        502, SYSTEM_ERROR, "WeChat's answer is larger than " + limit + " bytes; not relayed", true);
  }

  /**
   * The file to upload could not be read to its end (the caller's upload broke off): nothing was
   * sent.
   */
  static WeChatApiException unreadableUpload() {
    return new WeChatApiException(
        400,
        MEDIA_DATA_MISSING,
        "the uploaded file could not be read to its end; nothing was sent to WeChat");
  }

  /**
   * WeChat took the request but did not answer in time (read timeout, connection lost). The request
   * may have been carried out, so it is not repeated, and a message send says so to Udesk.
   */
  public static WeChatApiException noAnswer(RetrySafety safety) {
    return notRepeated("no answer from WeChat in time", safety);
  }

  /**
   * WeChat's answer began and broke off before its end (connection lost or silent mid-body): what
   * came is not relayed as if complete, and the request is not repeated (a send may have been
   * carried out).
   */
  static WeChatApiException brokenAnswer(RetrySafety safety) {
    return notRepeated("WeChat's answer broke off before its end; not relayed", safety);
  }

  private static WeChatApiException notRepeated(String what, RetrySafety safety) {
    return new WeChatApiException(
        504,
        SYSTEM_ERROR,
        safety == RetrySafety.SENDS_MESSAGE
            ? what + "; the message may have been delivered, it was not retried"
            : what,
        true);
  }

  /**
   * What {@link WeChatAttempts} is retried on: WeChat answered -1 (busy: nothing was done) or no
   * connection could be made (nothing was sent). When the retries are used up, an unreachable
   * WeChat reaches the caller as 502; a busy answer is handed on by {@link WeChatApi} as WeChat's
   * own answer.
   */
  static final class Retryable extends WeChatApiException {
    private static final long serialVersionUID = 1L;
    private final transient WeChatAnswer busyAnswer;

    private Retryable(String message, WeChatAnswer busyAnswer) {
      super(502, SYSTEM_ERROR, message);
      this.busyAnswer = busyAnswer;
    }

    static Retryable busy(WeChatAnswer answer) {
      return new Retryable("WeChat answered -1 (system busy)", answer);
    }

    /** Refused, connect timeout, unknown host, TLS handshake: the request never reached WeChat. */
    static Retryable unreachable() {
      return new Retryable("WeChat API unreachable", null);
    }

    /** WeChat's -1 answer, or empty if WeChat was not reached. */
    Optional<WeChatAnswer> busyAnswer() {
      return Optional.ofNullable(busyAnswer);
    }
  }
}
