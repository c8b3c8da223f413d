package io.wxbridge.token.control;

import io.wxbridge.ProblemException;

/**
 * A token endpoint answered, but not with a token or a WeChat error: an HTTP error page, or JSON
 * without access_token (a misconfigured token-url, a proxy in the way). The request may have been
 * received, so it is not repeated.
 */
public class UnusableTokenAnswerException extends ProblemException {
  private static final long serialVersionUID = 1L;

  public UnusableTokenAnswerException(String what, int status) {
    super(502, -1, what + " answered HTTP " + status + " without an access_token");
  }

  public UnusableTokenAnswerException(String what) {
    super(502, -1, "no answer from " + what + " in time: no access_token");
  }
}
