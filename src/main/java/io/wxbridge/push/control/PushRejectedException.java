package io.wxbridge.push.control;

import io.wxbridge.ProblemException;

/**
 * A push that failed a check and is not forwarded. The status tells WeChat (and an operator reading
 * the access log) what went wrong: 401 for a signature that does not match, 400 for a body the
 * bridge cannot open, 413 for one that is too large. The errcodes are those of WeChat's own
 * message-crypto sample code. Messages never contain a secret or a piece of the push.
 */
public class PushRejectedException extends ProblemException {
  private static final long serialVersionUID = 1L;
  static final int SIGNATURE_INVALID = -40001;
  static final int PARSE_ERROR = -40002;
  static final int APPID_MISMATCH = -40005;
  static final int DECRYPT_ERROR = -40007;

  private PushRejectedException(int status, int errcode, String message) {
    super(status, errcode, message);
  }

  private PushRejectedException(int status, int errcode, String message, boolean requestBrokeOff) {
    super(status, errcode, message, requestBrokeOff);
  }

  private PushRejectedException(int status, int errcode, String message, Throwable cause) {
    super(status, errcode, message, cause);
  }

  static PushRejectedException badSignature(String which) {
    return new PushRejectedException(401, SIGNATURE_INVALID, which + " does not match");
  }

  static PushRejectedException malformed(String why) {
    return new PushRejectedException(400, PARSE_ERROR, why);
  }

  static PushRejectedException undecryptable(String why) {
    return new PushRejectedException(400, DECRYPT_ERROR, why);
  }

  static PushRejectedException otherAppId() {
    return new PushRejectedException(
        400, APPID_MISMATCH, "the encrypted message is addressed to another AppID");
  }

  static PushRejectedException plaintextRefused() {
    return new PushRejectedException(
        400, PARSE_ERROR, "this account accepts encrypted pushes only (compatible or safe mode)");
  }

  /**
   * Plaintext replay protection (inbox.control.ReplayGuard): a valid signature, used again or too
   * old.
   */
  static PushRejectedException replayed(String why) {
    return new PushRejectedException(403, SIGNATURE_INVALID, why);
  }

  /** The bridge is stopping: WeChat is not acknowledged a push the inbox would not record. */
  static PushRejectedException stopping() {
    return new PushRejectedException(503, -1, "the bridge is stopping; WeChat retries the push");
  }

  public static PushRejectedException tooLarge(long limit) {
    return new PushRejectedException(
        413, PARSE_ERROR, "the push is larger than " + limit + " bytes");
  }

  /**
   * Too many push bodies are arriving slowly at once, each holding an HTTP worker thread: refused
   * at once, before anything is read (WeChat retries; its bodies come whole with their headers).
   */
  public static PushRejectedException tooManySlowBodies(int limit) {
    return new PushRejectedException(
        503, -1, "more than " + limit + " push bodies are arriving slowly at once; try again");
  }

  public static PushRejectedException unreadable() {
    return new PushRejectedException(400, PARSE_ERROR, "the push body could not be read", true);
  }

  /**
   * XML the bridge refuses to read: not well-formed, or carrying a DOCTYPE (the door to external
   * entities and entity expansion, which WeChat never uses). A push that gets here is answered 400;
   * an answer from Udesk that gets here is not passed on to WeChat.
   */
  static PushRejectedException malformedXml(String why, Throwable cause) {
    return new PushRejectedException(400, PARSE_ERROR, why, cause);
  }
}
