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

  protected ProblemException(int status, int errcode, String message) {
    super(message);
    this.status = status;
    this.errcode = errcode;
  }

  protected ProblemException(int status, int errcode, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.errcode = errcode;
  }

  public int status() {
    return status;
  }

  public int errcode() {
    return errcode;
  }
}
