package io.wxbridge;

/**
 * A failure the caller should be told about: it carries the HTTP status, the WeChat-style errcode
 * for the JSON faces, and a message that is safe to show (never a secret, never a stack trace).
 * {@link ProblemMapper} renders it in the shape of the face that was called.
 */
public abstract class ProblemException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final int errcode;
  private final boolean requestBrokeOff;

  protected ProblemException(int status, int errcode, String message) {
    this(status, errcode, message, false);
  }

  /**
   * @param requestBrokeOff the request's body ended before its declared end (see {@link
   *     #requestBrokeOff()})
   */
  protected ProblemException(int status, int errcode, String message, boolean requestBrokeOff) {
    super(message);
    this.status = status;
    this.errcode = errcode;
    this.requestBrokeOff = requestBrokeOff;
  }

  protected ProblemException(int status, int errcode, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.errcode = errcode;
    this.requestBrokeOff = false;
  }

  /**
   * The request's body broke off: its sender has most likely closed the connection, so the answer
   * has no body. Jersey logs a SEVERE line with a stack trace of some 50 lines when a body cannot
   * be written, so anyone who sends half a request could fill the log.
   */
  public boolean requestBrokeOff() {
    return requestBrokeOff;
  }

  public int status() {
    return status;
  }

  public int errcode() {
    return errcode;
  }
}
